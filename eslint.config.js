// Layer walls (see README, "Architecture"), direct imports here for fast editor feedback; the transitive
// check over the whole import graph is .dependency-cruiser.cjs (npm run lint runs both): db/ never imports
// Electron or the renderer; the renderer never imports Electron, Node built-ins, better-sqlite3 or db/
// beyond the pure db/domain (other types come through the contract); only electron/main.ts and
// electron/preload.ts import Electron itself.
import tseslint from 'typescript-eslint';

const hostModules = ['electron', 'better-sqlite3', 'fs', 'path', 'os', 'child_process', 'http', 'crypto', 'url', 'util', 'worker_threads'].map(
  (name) => ({ name, message: 'Not available here: this module runs in any host, or in the page.' }),
);

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'react', 'leaflet'].map((name) => ({ name, message: 'db/ is plain Node + SQLite.' })),
          patterns: [{ group: ['**/electron/**', '**/renderer/**'], message: 'db/ is the lowest layer.' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: hostModules,
          patterns: [
            {
              group: ['node:*'],
              message: 'The renderer is DOM only: reach the host through the API client (electron/contract).',
            },
            {
              regex: '(^|/)db/(?!domain/)',
              message: 'Of db/, the renderer may import only the pure domain home (db/domain); the rest through the contract.',
            },
            {
              regex: '(^|/)electron/(?!contract($|/))',
              message: 'Of electron/, the renderer may import only the contract.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only main.ts and preload.ts import Electron; the rest runs in any host.' }] },
      ],
    },
  },
  {
    files: ['electron/contract/**/*.ts', 'electron/bridge.ts', 'electron/security.ts', 'db/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: hostModules, patterns: [{ group: ['node:*'], message: 'Pure module: shared by preload, renderer and host.' }] },
      ],
    },
  },
);
