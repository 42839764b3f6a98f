/**
 * GridDesk command line, for administrators and automation:
 *   npm run --silent cli -- <command> [options]
 * Every command answers --help; exits 0 on success; on failure prints one line on stderr and exits
 * non-zero; with --json prints exactly one JSON document on stdout.
 */
import { runCli } from './run';

const code = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
process.exitCode = code;
