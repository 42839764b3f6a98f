/**
 * The layer walls of .dependency-cruiser.cjs: the real tree has no violation, and each rule bites on a
 * scratch tree with a violation planted for it (transitive ones two modules deep).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { tempDir } from '../helpers/tmp';

const require = createRequire(import.meta.url);
const root = path.resolve(__dirname, '../..');
const config = require(path.join(root, '.dependency-cruiser.cjs')) as IConfiguration;

async function cruiseTree(baseDir: string, tsConfig?: string): Promise<ICruiseResult> {
  const options = config.options ?? {};
  const result = await cruise(
    ['electron', 'db', 'renderer'].filter((d) => fs.existsSync(path.join(baseDir, d))),
    {
      ...options,
      baseDir,
      ruleSet: { forbidden: config.forbidden ?? [] },
      validate: true,
      tsConfig: tsConfig ? { fileName: tsConfig } : undefined,
    } as never,
  );
  return result.output as ICruiseResult;
}

function violations(result: ICruiseResult): string[] {
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

function plant(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('layer walls (dependency-cruiser, transitive)', () => {
  it('the project holds none of the forbidden dependencies', async () => {
    const result = await cruiseTree(root, path.join(root, 'tsconfig.json'));
    expect(violations(result)).toEqual([]);
    expect(result.summary.totalCruised).toBeGreaterThan(200);
  }, 60_000);

  it('each rule fails on a planted violation', async () => {
    const dir = plant({
      // renderer → contract → db/queries (impure) → node:fs: caught two steps deep
      'renderer/page.ts': "import { f } from '../electron/contract/index';\nexport const page = f;\n",
      'electron/contract/index.ts': "import { q } from '../../db/queries/q';\nexport const f = q;\n",
      'db/queries/q.ts': "import fs from 'node:fs';\nexport const q = fs.existsSync;\n",
      // renderer → a helper that reaches better-sqlite3
      'renderer/helper.ts': "import { open } from './deep';\nexport const h = open;\n",
      'renderer/deep.ts': "import Database from 'better-sqlite3';\nexport const open = Database;\n",
      // the domain home importing something impure
      'db/domain/time.ts': "import { q } from '../queries/q';\nexport const t = q;\n",
      // db reaching up into electron/
      'db/up.ts': "import { s } from '../electron/server';\nexport const u = s;\n",
      'electron/server.ts': 'export const s = 1;\n',
      // Electron imported outside the entry points
      'electron/handler.ts': "import { app } from 'electron';\nexport const a = app;\n",
      'electron/main.ts': "import { app } from 'electron';\nexport const m = app;\n",
    });
    const found = violations(await cruiseTree(dir));
    const rules = new Set(found.map((v) => v.split(':')[0]));
    expect([...rules].sort()).toEqual([
      'db-is-the-lowest-layer',
      'domain-is-pure',
      'only-entry-points-import-electron',
      'renderer-no-host-modules',
      'renderer-no-node',
    ]);
    expect(found).toContain('renderer-no-node: renderer/page.ts → fs');
    expect(found).toContain('renderer-no-host-modules: renderer/helper.ts → better-sqlite3');
    expect(found).toContain('only-entry-points-import-electron: electron/handler.ts → electron');
    expect(found.some((v) => v.includes('electron/main.ts'))).toBe(false);
  }, 60_000);
});
