/**
 * npm run bench:stats [-- --incidents 1000000,5000000] — the weekly summary end to end through the
 * handler (SQL + assembly into streets, grids, categories, persons, cleanup, overdue list, previous
 * week), for the district and for one street, against the bare SQL GROUP BY of the same figures run
 * in the same process on the same database. Goal: ≤ 1.5× the bare SQL, ≤ 50 ms for one week at 1M.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { buildWeeklyReport } from '../../electron/report/weeklyReport';
import { findChromium, printHtmlToPdf } from '../../electron/report/pdf';
import { openStore } from '../../electron/host';
import { indicatorSql } from '../../db/stats/indicators';
import { COUNTING_RULES } from '../../db/stats/rules';
import { parseIsoWeek } from '../../db/stats/period';
import { BENCH_NOW, ensureDemoDatabase, ms, table, time } from './util';

const { values } = parseArgs({ options: { incidents: { type: 'string', default: '1000000,5000000' }, week: { type: 'string', default: '2026-W47' } } });
const sizes = values.incidents.split(',').map(Number);
const NOW = BENCH_NOW;
const rows: (string | number)[][] = [];
let pdfRow: (string | number)[] | null = null;

for (const count of sizes) {
  const file = await ensureDemoDatabase(count);
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
  // The printed summary: HTML built from the database, then Chromium's print engine to PDF.
  if (count === sizes[sizes.length - 1]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-bench-pdf-'));
    const out = path.join(dir, 'week.pdf');
    const t0 = performance.now();
    const { html } = buildWeeklyReport(db, { week: values.week, now: NOW });
    const tHtml = performance.now();
    await printHtmlToPdf(html, out, findChromium());
    const tPdf = performance.now();
    const pages = /Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [out], { encoding: 'utf8' }).stdout)?.[1] ?? '?';
    pdfRow = [count.toLocaleString(), pages, ms(tHtml - t0), ms(tPdf - tHtml), ms(tPdf - t0), tPdf - t0 <= 3000 ? '是' : '否'];
    fs.rmSync(dir, { recursive: true, force: true });
  }
  store.db.close();
}

console.log(`\nGridDesk 周报统计基准：${values.week}（对照：同一进程内同一数据库上同样指标的裸 SQL GROUP BY，含上周）\n`);
console.log(table(['案件总数', '本周上报', '区域', 'GridDesk 中位 ms', 'p95 ms', '裸 SQL 中位 ms', '倍数（目标 ≤ 1.5）', '≤ 50 ms'], rows));
if (pdfRow) {
  console.log('\n周报 PDF（全区，含 12 周走势、分布图与各网格表）\n');
  console.log(table(['案件总数', '页数', '生成 HTML ms', 'Chromium 打印 ms', '合计 ms', '≤ 3 s'], [pdfRow]));
}
