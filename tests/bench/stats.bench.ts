/**
 * npm run bench:stats [-- --incidents 1000000,5000000] [--db FILE] [--runs 15] — statistics and the printed
 * weekly summary at scale.
 *
 * Statistics: the report end to end through the handler (SQL + assembly into streets, grids, categories,
 * persons, stage timeliness, 12345 orders, chasing, cleanup, overdue list, previous period), for a week
 * (`stats:week`) and a year (`stats:period`, the 365 days to the bench's today), for the district and for
 * one street, against the bare SQL of the same case figures — one GROUP BY over the cases that touch the
 * period and their event log (db/stats/indicators.ts indicatorSql), for the period and the one before it —
 * run in the same process on the same database. Goals: ≤ 50 ms a week, ≤ 300 ms a year, ≤ 1.5× the bare SQL.
 *
 * The printed summary (largest size): its HTML built from the database, then a local Chromium's print
 * engine to PDF, as `report --out week.pdf` does; beside the same document printed as GridDesk printed it
 * before (the map's cases read row by row and drawn as one translucent vector dot per cell, Chromium's
 * default tagged PDF), in turn in the same run. Goal: ≤ 3 s for the 20-page summary.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { buildWeeklyReport } from '../../electron/report/weeklyReport';
import { countPdfPages, findChromium, printHtmlToPdfBytes } from '../../electron/report/pdf';
import { openStore } from '../../electron/host';
import { indicatorSql } from '../../db/stats/indicators';
import { COUNTING_RULES } from '../../db/stats/rules';
import { parseDateRange, parseIsoWeek } from '../../db/stats/period';
import type { Db } from '../../db/open';
import { addDays, DAY_MS, shanghaiDate } from '../../db/domain/time';
import { BENCH_NOW, ensureDemoDatabase, ms, table, time } from './util';

const { values } = parseArgs({
  options: {
    incidents: { type: 'string', default: '1000000,5000000' },
    week: { type: 'string', default: '2026-W47' },
    db: { type: 'string' },
    runs: { type: 'string', default: '15' },
    'pdf-runs': { type: 'string', default: '3' },
  },
});
const sizes = values.incidents.split(',').map(Number);
const runs = Number(values.runs);
const NOW = BENCH_NOW;
const rows: (string | number)[][] = [];
const pdfRows: (string | number)[][] = [];

/** The year to the bench's today: the 365 days before it. */
const yearTo = addDays(shanghaiDate(NOW), -1);
const yearFrom = addDays(yearTo, -364);

for (const count of sizes) {
  const file = values.db ?? (await ensureDemoDatabase(count));
  const store = openStore(file, { transport: 'direct', now: () => NOW });
  const { db, handlers } = store;
  const cases = (db.prepare(`SELECT count(*) FROM incidents`).pluck().get() as number).toLocaleString();
  const street = db.prepare(`SELECT id, code, name FROM grids WHERE level = 2 ORDER BY code LIMIT 1 OFFSET 5`).get() as { id: number; code: string; name: string };
  const streetGrids = JSON.stringify((db.prepare(`SELECT id FROM grids WHERE parent_id = ?`).all(street.id) as { id: number }[]).map((r) => r.id));
  const districtSql = db.prepare(indicatorSql(COUNTING_RULES.standard, false));
  const streetSql = db.prepare(indicatorSql(COUNTING_RULES.standard, true));
  const week = parseIsoWeek(values.week);
  const year = parseDateRange(yearFrom, yearTo);
  const periods = [
    { label: `周 ${week.week}`, period: week, previous: { start: week.start - 7 * DAY_MS, end: week.start }, call: { name: 'stats:week', input: { week: values.week } } },
    {
      label: `年 ${yearFrom}…${yearTo}`,
      period: year,
      previous: { start: year.start - 365 * DAY_MS, end: year.start },
      call: { name: 'stats:period', input: { from: yearFrom, to: yearTo } },
    },
  ] as const;
  for (const p of periods) {
    const reported = (db.prepare(`SELECT count(*) FROM incidents WHERE reported_at >= ? AND reported_at < ?`).pluck().get(p.period.start, p.period.end) as number).toLocaleString();
    for (const [label, areaCode] of [
      ['全区', undefined],
      [street.name, street.code],
    ] as const) {
      const call = handlers[p.call.name] as (input: object) => unknown;
      const g = await time(() => call({ ...p.call.input, ...(areaCode ? { areaCode } : {}) }), runs, 2);
      // The handler also computes the previous period: the bare side runs the same two GROUP BYs.
      const sql = areaCode ? streetSql : districtSql;
      const params = (q: { start: number; end: number }) => ({ s: q.start, e: q.end, c: Math.min(q.end, NOW), ...(areaCode ? { area: streetGrids } : {}) });
      const b = await time(() => [sql.all(params(p.period)), sql.all(params(p.previous))], Math.min(runs, 5), 1);
      const goal = p.call.name === 'stats:week' ? 50 : 300;
      rows.push([cases, p.label, reported, label, ms(g.median), ms(g.p95), ms(b.median), (g.median / b.median).toFixed(3), g.median <= goal && g.median <= 1.5 * b.median ? '是' : '否']);
    }
  }

  // The printed summary: HTML built from the database, then Chromium's print engine to PDF.
  if (count === sizes[sizes.length - 1]) {
    const chromium = findChromium();
    const pdfRuns = Number(values['pdf-runs']);
    const ours: { html: number; print: number; pages: number; bytes: number }[] = [];
    const before: typeof ours = [];
    for (let k = 0; k < pdfRuns + 1; k++) {
      for (const [side, out] of [
        ['ours', ours],
        ['before', before],
      ] as const) {
        const t0 = performance.now();
        let { html } = buildWeeklyReport(db, { week: values.week, now: NOW });
        if (side === 'before') html = html.replace(/<image href="data:image\/png;base64,[^"]*"[^>]*\/>/, () => vectorDots(db, week, NOW));
        const t1 = performance.now();
        const pdf = side === 'ours' ? await printHtmlToPdfBytes(html, chromium) : await printTagged(html, chromium);
        const t2 = performance.now();
        if (k > 0) out.push({ html: t1 - t0, print: t2 - t1, pages: countPdfPages(pdf), bytes: pdf.length });
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    for (const [label, list] of [
      ['GridDesk', ours],
      ['此前的打印方式（逐案读入 + 矢量圆点，带标签 PDF）', before],
    ] as const) {
      const total = median(list.map((r) => r.html + r.print));
      pdfRows.push([cases, label, list[0]!.pages, `${(list[0]!.bytes / 1e6).toFixed(1)} MB`, ms(median(list.map((r) => r.html))), ms(median(list.map((r) => r.print))), ms(total), total <= 3000 ? '是' : '否']);
    }
  }
  store.db.close();
}

console.log(`\nGridDesk 统计基准：${values.week} 与 ${yearFrom} 至 ${yearTo}（对照：同一进程内同一数据库上同样案件指标的裸 SQL GROUP BY，含上一期）\n`);
console.log(table(['案件总数', '期间', '期间上报', '区域', 'GridDesk 中位 ms', 'p95 ms', '裸 SQL 中位 ms', '倍数（目标 ≤ 1.5）', '达标（周 ≤ 50 ms，年 ≤ 300 ms）'], rows));
if (pdfRows.length) {
  console.log(`\n周报 PDF（全区 ${values.week}，含 12 周走势、分布图与各网格表；中位数，交替运行）\n`);
  console.log(table(['案件总数', '打印', '页数', 'PDF 大小', '生成 HTML ms', 'Chromium 打印 ms', '合计 ms', '≤ 3 s'], pdfRows));
}

/**
 * The peer's map dots, as the summary drew them before: every case of the week read into the report and
 * binned in JavaScript, one translucent vector dot per 3-unit cell (the grids and names around them are
 * the summary's own).
 */
function vectorDots(db: Db, w: { start: number; end: number }, now: number): string {
  const width = 680;
  const area = db.prepare(`SELECT min_lon, min_lat, max_lon, max_lat FROM grids WHERE level = 1 ORDER BY code LIMIT 1`).get() as {
    min_lon: number;
    min_lat: number;
    max_lon: number;
    max_lat: number;
  };
  const kx = Math.cos((((area.min_lat + area.max_lat) / 2) * Math.PI) / 180);
  const pad = 8;
  const scale = (width - 2 * pad) / ((area.max_lon - area.min_lon) * kx);
  const x = (lon: number) => (pad + (lon - area.min_lon) * kx * scale).toFixed(1);
  const y = (lat: number) => (pad + (area.max_lat - lat) * scale).toFixed(1);
  const cases = db
    .prepare(
      `SELECT i.lon, i.lat, i.closed_at AS closedAt, i.due_at AS dueAt FROM incidents i
       WHERE i.reported_at >= @s AND i.reported_at < @e AND i.duplicate_of IS NULL AND i.status NOT IN ('voided', 'rejected')
         AND i.lon IS NOT NULL AND i.lon BETWEEN @minLon AND @maxLon AND i.lat BETWEEN @minLat AND @maxLat`,
    )
    .all({ s: w.start, e: w.end, minLon: area.min_lon, maxLon: area.max_lon, minLat: area.min_lat, maxLat: area.max_lat }) as {
    lon: number;
    lat: number;
    closedAt: number | null;
    dueAt: number | null;
  }[];
  const at = Math.min(now, w.end);
  const cols = Math.ceil(width / 3);
  const cells = new Map<number, { n: number; open: number; overdue: number }>();
  for (const c of cases) {
    const key = Math.floor(Number(y(c.lat)) / 3) * cols + Math.floor(Number(x(c.lon)) / 3);
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { n: 0, open: 0, overdue: 0 }));
    cell.n++;
    if (!(c.closedAt !== null && c.closedAt < w.end)) {
      if (c.dueAt !== null && c.dueAt < at) cell.overdue++;
      else cell.open++;
    }
  }
  const busiest = Math.max(1, ...[...cells.values()].map((c) => c.n));
  const buckets = new Map<string, string[]>();
  for (const [key, cell] of cells) {
    const colour = cell.overdue > 0 ? '#d64545' : cell.open * 2 > cell.n ? '#2f6fdb' : '#2e9e5b';
    const k = `${colour}|${(0.35 + 0.6 * Math.sqrt(cell.n / busiest)).toFixed(1)}`;
    const cx = (key % cols) * 3 + 1.5;
    const cy = Math.floor(key / cols) * 3 + 1.5;
    if (!buckets.has(k)) buckets.set(k, []);
    buckets.get(k)!.push(`M${cx - 1.6},${cy}a1.6,1.6 0 1,0 3.2,0a1.6,1.6 0 1,0 -3.2,0`);
  }
  // Closed first, overdue last, as drawn on top.
  const rank = (k: string) => (k.startsWith('#d64545') ? 2 : k.startsWith('#2f6fdb') ? 1 : 0);
  return [...buckets]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([k, d]) => `<path d="${d.join('')}" fill="${k.split('|')[0]}" fill-opacity="${k.split('|')[1]}"/>`)
    .join('');
}

/** The peer's print: the same Chromium, its default (tagged) PDF. */
async function printTagged(html: string, chromium: string): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-bench-pdf-'));
  try {
    fs.writeFileSync(path.join(dir, 'report.html'), html);
    const out = path.join(dir, 'report.pdf');
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        chromium,
        ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-extensions', `--user-data-dir=${path.join(dir, 'profile')}`, '--no-pdf-header-footer', `--print-to-pdf=${out}`, `file://${path.join(dir, 'report.html')}`],
        { stdio: 'ignore' },
      );
      child.on('error', reject);
      child.on('exit', () => resolve());
    });
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

