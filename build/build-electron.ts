/**
 * Bundles Electron main and preload to CommonJS in dist/electron. The preload stays CommonJS so the
 * window can keep `sandbox: true` (a sandboxed preload cannot be an ES module).
 */
import { build, type BuildOptions } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function buildElectron(): Promise<void> {
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    external: ['electron', 'better-sqlite3'],
  };
  await build({
    ...common,
    entryPoints: [path.join(root, 'electron/main.ts')],
    outfile: path.join(root, 'dist/electron/main.cjs'),
  });
  // The import runs in a worker thread with its own connection; db/import/jobs.ts finds it beside main.
  await build({
    ...common,
    entryPoints: [path.join(root, 'db/import/worker.ts')],
    outfile: path.join(root, 'dist/electron/import-worker.cjs'),
  });
  await build({
    ...common,
    entryPoints: [path.join(root, 'electron/preload.ts')],
    outfile: path.join(root, 'dist/electron/preload.cjs'),
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildElectron();
  console.log('已构建 dist/electron/main.cjs 与 preload.cjs');
}
