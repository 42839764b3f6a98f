/**
 * `npm run cli`: the command line from a bundle, built here when any of its sources changed since the last
 * build (esbuild's own list of the files it read), then run in this process.
 *
 * Why not tsx: under a TypeScript loader every thread of the process carries the loader and its own
 * compiled copy of each module (the import runs a writing and a reading thread), ~100 MB more memory and
 * ~1 s more start-up for every command; the bundle is what the installed app runs (dist/electron) anyway.
 * dist/cli/ holds the command line (cli.cjs), the import worker and the read worker beside it (db/import/jobs.ts
 * and db/parallel/parallelRead.ts find them there); each file is written under a temporary name and renamed, so
 * two commands started at once never read a half-written bundle.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { nodeBundle } from './nodeBundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// GRIDDESK_CLI_DIR: another folder for the bundle (the launcher's own test builds into a temporary one).
const outDir = process.env.GRIDDESK_CLI_DIR ? path.resolve(process.env.GRIDDESK_CLI_DIR) : path.join(root, 'dist/cli');
const inputsFile = path.join(outDir, 'inputs.json');
const bundles = [
  { entry: 'electron/cli/main.ts', out: 'cli.cjs' },
  { entry: 'db/import/worker.ts', out: 'import-worker.cjs' },
  { entry: 'db/parallel/readWorker.ts', out: 'read-worker.cjs' },
];

/** Whether a bundle is missing or any file it was built from is newer than it (or gone). */
function stale() {
  let recorded;
  try {
    recorded = JSON.parse(fs.readFileSync(inputsFile, 'utf8'));
  } catch {
    return true;
  }
  for (const b of bundles) if (!fs.existsSync(path.join(outDir, b.out))) return true;
  for (const file of recorded.inputs) {
    let stat;
    try {
      stat = fs.statSync(path.join(root, file));
    } catch {
      return true;
    }
    if (stat.mtimeMs > recorded.builtAt) return true;
  }
  return false;
}

async function rebuild() {
  const { build } = await import('esbuild');
  fs.mkdirSync(outDir, { recursive: true });
  const builtAt = Date.now();
  // Besides what esbuild reads: the settings it builds with.
  const inputs = new Set(['package.json', 'package-lock.json', 'build/cli.mjs', 'build/nodeBundle.mjs']);
  for (const b of bundles) {
    const tmp = path.join(outDir, `.${b.out}.${process.pid}.tmp`);
    const result = await build({
      entryPoints: [path.join(root, b.entry)],
      ...nodeBundle,
      outfile: tmp,
      // Quiet unless the build fails: a command's stderr is its own (scripts read it).
      logLevel: 'error',
      metafile: true,
      absWorkingDir: root,
    });
    for (const file of Object.keys(result.metafile.inputs)) inputs.add(file);
    fs.renameSync(tmp, path.join(outDir, b.out));
  }
  const tmp = path.join(outDir, `.inputs.${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify({ builtAt, inputs: [...inputs] }));
  fs.renameSync(tmp, inputsFile);
}

if (stale()) await rebuild();
createRequire(import.meta.url)(path.join(outDir, 'cli.cjs'));
