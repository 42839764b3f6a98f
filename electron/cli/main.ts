/**
 * GridDesk command line, for administrators and automation:
 *   npm run --silent cli -- <command> [options]
 * Every command answers --help; exits 0 on success; on failure prints one line on stderr and exits
 * non-zero; with --json prints exactly one JSON document on stdout. `npm run cli` runs it from a bundle
 * (build/cli.mjs); a promise rather than top-level await, so it bundles as CommonJS.
 */
import { runCli } from './run';

void runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
}).then((code) => {
  process.exitCode = code;
});
