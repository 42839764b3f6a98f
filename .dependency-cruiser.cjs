/**
 * The layer walls, checked through the whole import graph (what a bundle would really pull in: type-only
 * imports are left out). `npm run lint` runs it; tests/electron/layerWalls.test.ts plants violations
 * in a scratch tree to prove each rule bites.
 *
 * - db/domain is the pure domain home: it imports nothing but itself.
 * - The renderer reaches no Node built-in, no better-sqlite3, no Electron, and of db/ only db/domain.
 * - db/ never reaches electron/ or renderer/.
 * - Only the Electron entry points (electron/main.ts, electron/preload.ts; the launcher electron/start.ts for the
 *   binary's path) import Electron.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS config file
const NODE_BUILTINS = require('node:module').builtinModules.filter((m) => !m.startsWith('_'));
const builtinPath = `^(node:)?(${NODE_BUILTINS.map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'db/domain is imported by the store, the host and the page: it may import only itself.',
      severity: 'error',
      from: { path: '^db/domain/' },
      to: { pathNot: '^db/domain/' },
    },
    {
      name: 'renderer-no-node',
      comment: 'The page runs in a sandboxed renderer or a browser: no Node built-in may reach it, even through other modules.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: builtinPath, reachable: true },
    },
    {
      name: 'renderer-no-host-modules',
      comment: 'No better-sqlite3, no Electron, no impure db module, no host code may reach the page (db/domain and the contract may).',
      severity: 'error',
      from: { path: '^renderer/' },
      to: {
        path: '^(node_modules/(better-sqlite3|electron|bindings)/|(better-sqlite3|electron)$|db/(?!domain/)|electron/(?!contract/))',
        reachable: true,
      },
    },
    {
      name: 'db-is-the-lowest-layer',
      comment: 'db/ is plain Node + SQLite: it never reaches electron/ or renderer/.',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: '^(electron|renderer)/', reachable: true },
    },
    {
      name: 'only-entry-points-import-electron',
      comment:
        'Only electron/main.ts and electron/preload.ts import Electron; the rest runs in any host. (electron/start.ts, the ' +
        'launcher, requires the npm package only for the path of the runtime binary.)',
      severity: 'error',
      from: { path: '^(db|renderer|electron)/', pathNot: '^electron/(main|preload|start)\\.ts$' },
      to: { path: '^electron$|^node_modules/electron/' },
    },
    {
      name: 'no-circular-domain',
      severity: 'error',
      from: { path: '^db/domain/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|release|coverage)/' },
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.cjs', '.mjs', '.json'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
