/**
 * esbuild's settings for GridDesk's Node-side bundles: the Electron main, preload and workers
 * (build/build-electron.ts) and the command line (build/cli.mjs). Plain JavaScript, so the command line's
 * launcher reads it without a TypeScript loader. Only electron and better-sqlite3 stay outside the bundles:
 * they are the only modules the installed app loads from node_modules (see the `files` list in
 * build/electron-builder.json).
 */
/** @type {import('esbuild').BuildOptions} */
export const nodeBundle = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // db/import/jobs.ts reads __filename first and import.meta.url only when run as an ES module.
  logOverride: { 'empty-import-meta': 'silent' },
  external: ['electron', 'better-sqlite3'],
};
