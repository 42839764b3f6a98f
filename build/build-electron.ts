/**
 * Bundles Electron main and preload to CommonJS in dist/electron (or another folder: the packaging test
 * builds into a temporary one), with the Node-side settings of build/nodeBundle.mjs. The preload stays
 * CommonJS so the window can keep `sandbox: true` (a sandboxed preload cannot be an ES module).
 */
import { build, type BuildOptions } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBundle } from './nodeBundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function buildElectron(outDir = path.join(root, 'dist/electron')): Promise<void> {
  const common: BuildOptions = { ...nodeBundle, sourcemap: true, logLevel: 'warning' };
  await build({
    ...common,
    entryPoints: [path.join(root, 'electron/main.ts')],
    outfile: path.join(outDir, 'main.cjs'),
  });
  // The import runs in a worker thread with its own connection; db/import/jobs.ts finds it beside main.
  await build({
    ...common,
    entryPoints: [path.join(root, 'db/import/worker.ts')],
    outfile: path.join(outDir, 'import-worker.cjs'),
  });
  // The call host's long reads run in utility processes from this entry (electron/callHost/ports.ts finds it beside main).
  await build({
    ...common,
    entryPoints: [path.join(root, 'electron/callHost/worker.ts')],
    outfile: path.join(outDir, 'call-worker.cjs'),
  });
  // Long reads take a second core from this worker thread (db/parallel/parallelRead.ts finds it beside the bundle
  // that starts it: main.cjs for the command-line paths, call-worker.cjs in the utility processes).
  await build({
    ...common,
    entryPoints: [path.join(root, 'db/parallel/readWorker.ts')],
    outfile: path.join(outDir, 'read-worker.cjs'),
  });
  await build({
    ...common,
    entryPoints: [path.join(root, 'electron/preload.ts')],
    outfile: path.join(outDir, 'preload.cjs'),
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildElectron();
  console.log('已构建 dist/electron/main.cjs 与 preload.cjs');
}
