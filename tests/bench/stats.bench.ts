/**
 * npm run bench:stats [-- --incidents 1000000,5000000] — the weekly summary end to end through the
 * handler (SQL + assembly into streets, grids, categories, persons, cleanup, overdue list, previous
 * week), for the district and for one street, against the bare SQL GROUP BY of the same figures run
 * in the same process on the same database. Goal: ≤ 1.5× the bare SQL, ≤ 50 ms for one week at 1M.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { openStore } from '../../electron/host';
import { indicatorSql } from '../../db/stats/indicators';
import { COUNTING_RULES } from '../../db/stats/rules';
import { parseIsoWeek } from '../../db/stats/period';
import { ms, table, time } from './util';

const { values } = parseArgs({ options: { incidents: { type: 'string', default: '1000000,5000000' }, week: { type: 'string', default: '2026-W47' } } });
const sizes = values.incidents.split(',').map(Number);
const outDir = path.resolve(import.meta.dirname, 'out');
fs.mkdirSync(outDir, { recursive: true });
const UNTIL = '2026-11-25';
const NOW = Date.parse('2026-11-25T10:00:00+08:00');
const rows: (string | number)[][] = [];

for (const count of sizes) {
  const file = path.join(outDir, `desk-${count}.sqlite`);
  if (!fs.existsSync(file)) {
    console.log(`生成 ${count.toLocaleString()} 件演示案件到 ${file} ……`);
    const t0 = performance.now();
    const seed = openStore(file, { transport: 'direct' });
    await seed.handlers['demo:load']({ until: UNTIL, incidents: count });
    seed.db.pragma('wal_checkpoint(TRUNCATE)');
    seed.db.exec('ANALYZE');
    seed.db.close();
    console.log(`生成用时 ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const store = openStore(file, { transport: 'direct', now: () => NOW });
  const { db, handlers } = store;
  const street = db.prepare(`SELECT id, code, name FROM grids WHERE level = 2 ORDER BY code LIMIT 1 OFFSET 5`).get() as { id: number; code: string; name: string };
  const streetGrids = JSON.stringify((db.prepare(`SELECT id FROM grids WHERE parent_id = ?`).all(street.id) as { id: number }[]).map((r) => r.id));
  const week = parseIsoWeek(values.week);
  const weekCases = (db.prepare(`SELECT count(*) AS n FROM incidents WHERE reported_at >= ? AND reported_at < ?`).get(week.start, week.end) as { n: number }).n;
  const districtSql = db.prepare(indicatorSql(COUNTING_RULES.standard, false));
  const streetSql = db.prepare(indicatorSql(COUNTING_RULES.standard, true));
  for (const [label, areaCode, bare] of [
    ['全区', undefined, () => districtSql.all({ s: week.start, e: week.end })],
    [street.name, street.code, () => streetSql.all({ s: week.start, e: week.end, area: streetGrids })],
  ] as const) {
    const g = await time(() => handlers['stats:week']({ week: values.week, ...(areaCode ? { areaCode } : {}) }), 15, 2);
    // The handler also computes the previous week: the bare side runs the same two GROUP BYs.
    const prev = parseIsoWeek(values.week);
    const b = await time(() => {
      bare();
      return (areaCode ? streetSql : districtSql).all({ s: prev.start - 7 * 86_400_000, e: prev.start, ...(areaCode ? { area: streetGrids } : {}) });
    }, 15, 2);
    rows.push([count.toLocaleString(), weekCases.toLocaleString(), label, ms(g.median), ms(g.p95), ms(b.median), (g.median / b.median).toFixed(2), g.median <= 50 ? '是' : '否']);
  }
  store.db.close();
}

console.log(`\nGridDesk 周报统计基准：${values.week}（对照：同一进程内同一数据库上同样指标的裸 SQL GROUP BY，含上周）\n`);
console.log(table(['案件总数', '本周上报', '区域', 'GridDesk 中位 ms', 'p95 ms', '裸 SQL 中位 ms', '倍数（目标 ≤ 1.5）', '≤ 50 ms'], rows));
