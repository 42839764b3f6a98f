import fs from 'node:fs';
import { openStore } from '../../host';
import { openDatabase } from '../../../db/open';
import { missingTriggers, restoreProtection, verifyHistory, type HistoryReport } from '../../../db/trust/history';
import { DEMO_PASSWORD, listAccounts } from '../../../db/trust/accounts';
import { describeHistory } from './check';
import type { DemoLoadResult } from '../../../db/types';
import { call, dbOption, integerOption, jsonOption, requireDb, type Command } from '../command';

export const initCommand: Command = {
  summary: '创建或升级数据库；--demo 载入演示城区',
  usage:
    'init --db PATH [--demo] [--seed N] [--until YYYY-MM-DD] [--incidents N] [--json]\n' +
    '  Creates the database (or migrates an existing one, backing it up first) and loads the default\n' +
    '  category table and holiday calendar. --demo generates the demo district (214 grids, persons,\n' +
    '  12 weeks of cases ending in the week of --until, default today) from --seed (default 20170822).',
  options: {
    ...dbOption,
    ...jsonOption,
    demo: { type: 'boolean' },
    seed: { type: 'string' },
    until: { type: 'string' },
    incidents: { type: 'string' },
  },
  async run(values, io) {
    const dbPath = requireDb(values);
    // On an existing database, check the history first and say what was found; only then put back
    // protective triggers that are missing (so a tampered file is reported before it is re-protected).
    let findings: HistoryReport | null = null;
    if (fs.existsSync(dbPath)) {
      const { db } = openDatabase(dbPath, { readonly: true });
      try {
        // Only a file whose protection is gone needs the (full, slow at millions of events) history report
        // before the triggers go back; an intact one is `check`'s business, not every init's.
        if ((db.pragma('user_version', { simple: true }) as number) >= 90 && missingTriggers(db).length > 0) findings = verifyHistory(db);
      } finally {
        db.close();
      }
      if (findings && !findings.ok) io.stderr(`griddesk: 打开前的历史校验发现问题：\n${describeHistory(findings)}`);
    }
    const store = openStore(dbPath, { transport: 'direct' });
    try {
      const restored = restoreProtection(store.db);
      if (restored.length) io.stderr(`griddesk: 已恢复保护触发器：${restored.join('、')}\n`);
      let demo: DemoLoadResult | null = null;
      if (values.demo) {
        demo = await call(store.handlers, 'demo:load', {
          ...(values.seed !== undefined ? { seed: integerOption('seed', values.seed) } : {}),
          ...(values.until !== undefined ? { until: String(values.until) } : {}),
          ...(values.incidents !== undefined ? { incidents: integerOption('incidents', values.incidents) } : {}),
        });
      }
      const info = await call(store.handlers, 'app:info', {});
      const result = {
        database: store.databasePath,
        schemaVersion: info.schemaVersion,
        migratedFrom: store.migration.from,
        backupPath: store.migration.backupPath,
        counts: info.counts,
        demo,
      };
      if (values.json) io.stdout(JSON.stringify(result, null, 2) + '\n');
      else {
        io.stdout(`数据库：${result.database}（结构版本 ${result.schemaVersion}）\n`);
        if (result.backupPath) io.stdout(`升级前备份：${result.backupPath}\n`);
        if (demo) {
          io.stdout(
            `演示城区：${demo.grids} 个网格，${demo.persons} 名人员，${demo.incidents} 件案件（种子 ${demo.seed}，截至 ${demo.until}）\n`,
          );
          io.stdout(`演示账号（仅供演示）：${listAccounts(store.db).filter((a) => a.isDemo).map((a) => a.name).join('、')}；密码 ${DEMO_PASSWORD}\n`);
        }
      }
      return 0;
    } finally {
      store.db.close();
    }
  },
  };
