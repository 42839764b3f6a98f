/**
 * Builds better-sqlite3 for Electron's ABI into dist/native/electron/better_sqlite3.node, leaving the
 * Node build in node_modules untouched (vitest, the CLI and browser mode need that one).
 * Needs internet once: node-gyp fetches Electron's headers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronVersion = (require('electron/package.json') as { version: string }).version;
const source = path.join(root, 'node_modules', 'better-sqlite3');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-sqlite-electron-'));
fs.cpSync(source, work, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) });

// npm passes its bundled node-gyp to scripts; fall back to one on PATH.
const nodeGyp = process.env.npm_config_node_gyp;
const [command, prefix] = nodeGyp ? [process.execPath, [nodeGyp]] : ['node-gyp', []];
const result = spawnSync(
  command,
  [...prefix, 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
  { cwd: work, stdio: 'inherit' },
);
if (result.status !== 0) {
  console.error(`为 Electron ${electronVersion} 构建 better-sqlite3 失败（需要联网下载 Electron 头文件）`);
  process.exit(1);
}
const out = path.join(root, 'dist', 'native', 'electron');
fs.mkdirSync(out, { recursive: true });
fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), path.join(out, 'better_sqlite3.node'));
fs.rmSync(work, { recursive: true, force: true });
console.log(`已为 Electron ${electronVersion} 构建：${path.join(out, 'better_sqlite3.node')}`);
