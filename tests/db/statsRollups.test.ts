/**
 * The statistics' sums (migrations 0080 and 0130) stay exact under every write path: after the demo load,
 * workflow transitions of every kind (12345 orders, returns to the platform, callbacks and redo, hangs,
 * extensions, duplicates, voids), the escalation ladder, bulk reassignment, an order's grid changed, an
 * event written out of time order, field-log and 12345 imports (bulk and row by row) and their undo, the
 * tables equal a full rebuild, and the period figures read from them equal the row-by-row figures read
 * from the event log, for weeks, a long range, the district, a street and a grid.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/open';
import { seedDefaults } from '../../db/defaults/seed';
import { loadDemo } from '../../db/demo/load';
import { AppError } from '../../db/domain/errors';
import type { WorkflowAction } from '../../db/domain/workflow';
import type { IncidentStatus } from '../../db/domain/codes';
import { createIncident, linkDuplicate, transitionIncident } from '../../db/queries/caseWorkflow';
import { createHotlineOrder, setOrderGrid } from '../../db/queries/hotline';
import { reassignOpenCases } from '../../db/queries/persons';
import { appendEvent } from '../../db/queries/events';
import { runLadder } from '../../db/supervision/ladder';
import { runImport } from '../../db/import/writer';
import { undoBatch } from '../../db/import/batches';
import { DailyAccumulator, pauseDailyStats, queryDailyBreakdown, queryDailyStats, queryDailyTotals, rebuildStatistics } from '../../db/stats/daily';
import { queryGroups, sumAll, sumBy, type Counts } from '../../db/stats/indicators';
import { COUNTING_RULE_IDS } from '../../db/domain/codes';
import { queryStageRows, queryStageRowsFromLog, type StageRow } from '../../db/stats/stages';
import { hotlineFigures, hotlineFiguresFromLog } from '../../db/stats/hotline';
import { supervisionFigures, supervisionFiguresFromLog } from '../../db/stats/supervision';
import { parseDateRange, parseIsoWeek } from '../../db/stats/period';
import type { Period } from '../../db/stats/indicators';
import { overdueAt } from '../../db/stats/summary';
import { sh } from '../helpers/deskFixture';
import { tempDir } from '../helpers/tmp';
import { FIELD_LOG_HEADERS, csvLine, fieldLogRows, pointsInGrids, rng, writeCsv } from './importFixtures';

const ROLLUP_TABLES = [
  'stats_daily_grid',
  'stats_daily_person',
  'stats_weekly_grid',
  'stats_weekly_category',
  'stats_weekly_person',
  'stats_events_daily',
  'stats_events_weekly',
  'stats_events_spans',
  'stats_case_events',
  'stats_open_due',
  'stats_open_days',
  'stats_open_keys',
] as const;

/** The non-zero rows of every sums table, in key order. */
function snapshot(db: Db): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const table of ROLLUP_TABLES) {
    const columns = db.prepare(`SELECT name, pk FROM pragma_table_info(?)`).all(table) as { name: string; pk: number }[];
    const counters = columns.filter((c) => c.pk === 0).map((c) => c.name);
    const keys = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    out[table] = db.prepare(`SELECT * FROM ${table} WHERE ${counters.map((c) => `${c} <> 0`).join(' OR ')} ORDER BY ${keys.join(', ')}`).all();
  }
  return out;
}

/** The tables as the triggers left them equal a rebuild from the cases and events. */
function expectTablesExact(db: Db, when: string): void {
  const kept = snapshot(db);
  db.transaction(() => rebuildStatistics(db))();
  const rebuilt = snapshot(db);
  for (const table of ROLLUP_TABLES) expect(kept[table], `${when}: ${table}`).toEqual(rebuilt[table]);
  expect(kept['stats_events_daily']!.length, `${when}: the event sums hold something`).toBeGreaterThan(0);
}

/** The overdue list's cases counted the long way: every open case, the hang list from the whole log. */
function overdueReference(db: Db, end: number, area: number[] | null, at: number): number[] {
  return db
    .prepare(
      `WITH hung_at_end(id) AS (
         SELECT incident_id FROM (
           SELECT incident_id, action, row_number() OVER (PARTITION BY incident_id ORDER BY at DESC, id DESC) AS rn
           FROM incident_events WHERE action IN ('hang', 'unhang') AND at < @end)
         WHERE rn = 1 AND action = 'hang')
       SELECT id FROM incidents
       WHERE (closed_at IS NULL OR closed_at >= @end) AND due_at < @at AND duplicate_of IS NULL AND status <> 'voided'
         ${area ? 'AND grid_id IN (SELECT value FROM json_each(@area))' : ''} AND id NOT IN hung_at_end
       ORDER BY due_at, id LIMIT 200`,
    )
    .pluck()
    .all({ end, at, ...(area ? { area: JSON.stringify(area) } : {}) }) as number[];
}

/** Grid × class and grid × person rows as `key → counts`, without empty ones. */
function keyed(rows: readonly { gridId: number | null; categoryId?: number; assigneeId?: number | null; counts: Record<string, number> }[], by: 'categoryId' | 'assigneeId') {
  const m = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const k = `${r.gridId ?? 0}:${r[by] ?? 0}`;
    const acc = m.get(k) ?? Object.fromEntries(Object.keys(r.counts).map((c) => [c, 0]));
    for (const [c, v] of Object.entries(r.counts)) acc[c] = (acc[c] ?? 0) + v;
    m.set(k, acc);
  }
  return Object.fromEntries([...m.entries()].filter(([, c]) => Object.values(c).some((v) => v !== 0)).sort(([a], [b]) => a.localeCompare(b)));
}

const sortStages = (rows: readonly StageRow[]) =>
  [...rows].map((r) => ({ ...r, gridId: r.gridId ?? 0, assigneeId: r.assigneeId ?? 0 })).sort((a, b) => a.gridId - b.gridId || a.assigneeId - b.assigneeId || a.stage.localeCompare(b.stage));

/** The figures read from the sums equal the ones counted from the log, for weeks, a range and three areas. */
function expectFiguresExact(db: Db, now: number, when: string): void {
  const street = db.prepare(`SELECT id FROM grids WHERE level = 2 ORDER BY code LIMIT 1 OFFSET 2`).get() as { id: number };
  const streetGrids = (db.prepare(`SELECT id FROM grids WHERE parent_id = ? AND level = 3`).all(street.id) as { id: number }[]).map((r) => r.id);
  const grids = db.prepare(`SELECT id, parent_id AS parentId FROM grids`).all() as { id: number; parentId: number | null }[];
  const gridParent = new Map(grids.map((g) => [g.id, g.parentId]));
  const streets = db.prepare(`SELECT id, code, name FROM grids WHERE level = 2 ORDER BY code`).all() as { id: number; code: string; name: string }[];
  const names = new Map((db.prepare(`SELECT id, name FROM persons`).all() as { id: number; name: string }[]).map((p) => [p.id, p.name]));
  const personName = (id: number) => names.get(id) ?? `#${id}`;
  const periods: [string, Period][] = [
    ...['2026-W40', '2026-W45', '2026-W47', '2026-W48', '2026-W49'].map((w) => [w, parseIsoWeek(w)] as [string, Period]),
    ['2026-09-01..2026-12-31', parseDateRange('2026-09-01', '2026-12-31')],
  ];
  let seen = 0;
  for (const [label, p] of periods) {
    for (const [areaLabel, area] of [
      ['district', null],
      ['street', streetGrids],
      ['grid', streetGrids.slice(0, 1)],
    ] as const) {
      const at = `${when}, ${label}, ${areaLabel}`;
      const stages = sortStages(queryStageRows(db, p, area, now));
      expect(stages, `${at}: stages`).toEqual(sortStages(queryStageRowsFromLog(db, p, area, now)));
      const hotline = hotlineFigures(db, p, area);
      expect(hotline, `${at}: 12345`).toEqual(hotlineFiguresFromLog(db, p, area));
      const supervision = supervisionFigures(db, p, area, streets, gridParent, personName);
      expect(supervision, `${at}: chasing`).toEqual(supervisionFiguresFromLog(db, p, area, streets, gridParent, personName));
      seen += stages.length + hotline.received + hotline.closed + supervision.urges;
      for (const rule of COUNTING_RULE_IDS) {
        const asOf = { ...p, asOf: now };
        const fast = queryDailyStats(db, asOf, rule, area);
        const slow = queryGroups(db, asOf, rule, area);
        expect(keyed(fast.grid, 'categoryId'), `${at}, ${rule}: grid × class`).toEqual(keyed(slow, 'categoryId'));
        expect(keyed(fast.person, 'assigneeId'), `${at}, ${rule}: grid × person`).toEqual(keyed(slow, 'assigneeId'));
        // Summed by grid, class and person in SQL (the reports' path), and the totals alone.
        const b = queryDailyBreakdown(db, asOf, rule, area);
        const nonEmpty = (m: Map<number, Counts>) => Object.fromEntries([...m].filter(([, c]) => Object.values(c).some((v) => v !== 0)).sort(([x], [y]) => x - y));
        expect(nonEmpty(b.byGrid), `${at}, ${rule}: by grid`).toEqual(nonEmpty(sumBy(slow, (r) => r.gridId ?? 0)));
        expect(nonEmpty(b.byCategory), `${at}, ${rule}: by class`).toEqual(nonEmpty(sumBy(slow, (r) => r.categoryId)));
        expect(nonEmpty(b.byPerson), `${at}, ${rule}: by person`).toEqual(nonEmpty(sumBy(slow, (r) => r.assigneeId ?? 0)));
        expect(b.total, `${at}, ${rule}: total`).toEqual(sumAll(slow));
        expect(queryDailyTotals(db, [asOf], rule, area)[0], `${at}, ${rule}: totals`).toEqual(sumAll(slow));
        // The overdue list: the open cases walked in deadline order equal every one of them sorted.
        const cut = Math.min(now, p.end);
        const overdue = overdueAt(db, p.end, area, cut);
        expect(overdue.map((o) => o.id), `${at}, ${rule}: overdue list`).toEqual(overdueReference(db, p.end, area, cut));
        seen += overdue.length;
      }
    }
  }
  expect(seen, `${when}: the periods hold figures`).toBeGreaterThan(0);
}

/** Operators of every role, and a handler per responsible person (made when first needed). */
function operators(db: Db) {
  const add = (name: string, role: string, personId: number | null = null) =>
    Number(db.prepare(`INSERT INTO operators (name, role, person_id, created_at) VALUES (?, ?, ?, 0)`).run(name, role, personId).lastInsertRowid);
  const staff = { supervisor: add('测试监督员甲', 'supervisor'), supervisor2: add('测试监督员乙', 'supervisor'), inspector: add('测试核查员', 'inspector'), admin: add('测试管理员', 'admin') };
  const handlers = new Map<number, number>();
  const handlerOf = (personId: number | null) => {
    if (personId === null) return null;
    let id = handlers.get(personId);
    if (id === undefined) handlers.set(personId, (id = add(`测试处置员${personId}`, 'handler', personId)));
    return id;
  };
  return { ...staff, handlerOf };
}

/** What may be tried on a case in each status (the workflow refuses what does not fit). */
const NEXT: Partial<Record<IncidentStatus, WorkflowAction[]>> = {
  received: ['acknowledge', 'acknowledge', 'return_request', 'return_approve'],
  reported: ['register', 'register', 'register', 'reject', 'void'],
  registered: ['dispatch', 'dispatch', 'hang', 'urge'],
  returned: ['dispatch'],
  dispatched: ['accept', 'accept', 'extend_request', 'urge', 'return'],
  handling: ['handle', 'handle', 'extend_request', 'extend_approve', 'hang', 'urge'],
  handled: ['verify_pass', 'verify_pass', 'verify_fail', 'void'],
  hung: ['unhang'],
  closed: ['callback', 'callback_redo'],
};

/** `count` steps tried from `from` on, minutes apart: the steps taken and the time after the last. */
function workflowSteps(db: Db, ops: ReturnType<typeof operators>, random: () => number, count: number, from: number): { done: number; now: number } {
  let now = from;
  const candidates = db
    .prepare(
      `SELECT id FROM incidents WHERE status IN ('received', 'reported', 'registered', 'returned', 'dispatched', 'handling', 'handled', 'hung')
       UNION ALL SELECT incident_id FROM hotline_orders WHERE callback_result IS NULL AND callback_due_at IS NOT NULL ORDER BY 1`,
    )
    .pluck()
    .all() as number[];
  let done = 0;
  for (let k = 0; k < count; k++) {
    now += Math.floor(random() * 40) * 60_000;
    const id = candidates[Math.floor(random() * candidates.length)]!;
    const c = db.prepare(`SELECT status, version, assignee_id AS assigneeId FROM incidents WHERE id = ?`).get(id) as { status: IncidentStatus; version: number; assigneeId: number | null };
    const actions = NEXT[c.status];
    if (!actions) continue;
    const action = actions[Math.floor(random() * actions.length)]!;
    const results = ['satisfied', 'basic', 'unreachable'] as const;
    for (const operatorId of [ops.supervisor, ops.inspector, ops.handlerOf(c.assigneeId), ops.supervisor2, ops.admin]) {
      if (operatorId === null) continue;
      try {
        transitionIncident(
          db,
          {
            incidentId: id,
            action,
            expectedVersion: c.version,
            operatorId,
            note: '测试',
            reply: '已处理完毕',
            callbackResult: results[Math.floor(random() * results.length)],
            requestedDueAt: now + 3 * 86_400_000,
          },
          now,
        );
        done++;
        break;
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
      }
    }
  }
  return { done, now };
}

describe('statistics sums under every write path', () => {
  it('equal a full rebuild and the row-by-row figures after transitions, the ladder, reassignment, imports and undo', async () => {
    const dir = tempDir();
    const { db } = openDatabase(path.join(dir, 'rollups.sqlite'));
    seedDefaults(db, 0);
    loadDemo(db, { until: '2026-11-25', incidents: 3000 });
    let now = sh('2026-11-25T08:30');
    expectTablesExact(db, 'demo load');
    expectFiguresExact(db, now, 'demo load');

    const ops = operators(db);
    const random = rng(20261125);
    // Workflow steps of every kind, through the desk's own transitions.
    let steps = workflowSteps(db, ops, random, 500, now);
    expect(steps.done).toBeGreaterThan(150);
    now = steps.now;

    // New cases and 12345 orders, a grid chosen for an order, a duplicate linked, and more steps.
    const grid = db.prepare(`SELECT code FROM grids WHERE level = 3 ORDER BY code LIMIT 1 OFFSET 7`).pluck().get() as string;
    const category = db.prepare(`SELECT id FROM categories WHERE level = 2 AND handling_limit IS NOT NULL ORDER BY code LIMIT 1`).pluck().get() as number;
    const [lon, lat] = pointsInGrids(db, 1)[0]!;
    for (let k = 0; k < 6; k++) {
      const order = createHotlineOrder(
        db,
        { operatorId: ops.supervisor, orderNo: `TEST-${k}`, calledAt: now - 600_000, callerName: '市民', callerPhone: '13812345678', content: '垃圾堆放', categoryId: category, gridCode: grid },
        now,
      );
      const v = (db.prepare(`SELECT version FROM incidents WHERE id = ?`).pluck().get(order.incidentId) as number);
      const other = db.prepare(`SELECT code FROM grids WHERE level = 3 ORDER BY code LIMIT 1 OFFSET ?`).pluck().get(20 + k) as string;
      if (k % 2 === 0) setOrderGrid(db, { incidentId: order.incidentId, expectedVersion: v, gridCode: other, operatorId: ops.supervisor }, now + 60_000);
      const c = createIncident(db, { operatorId: ops.supervisor, categoryId: category, description: '人行道暴露垃圾', lon, lat, crs: 'wgs84', source: 'patrol' }, now + 120_000);
      if (k === 0) linkDuplicate(db, { incidentId: c.id, originalId: order.incidentId, expectedVersion: c.version, operatorId: ops.supervisor }, now + 180_000);
      now += 3_600_000;
    }
    const closed = db.prepare(`SELECT id, version FROM incidents WHERE status = 'closed' AND duplicate_of IS NULL ORDER BY id LIMIT 3 OFFSET 40`).all() as { id: number; version: number }[];
    for (const c of closed) {
      const original = db.prepare(`SELECT id FROM incidents WHERE status = 'closed' AND id <> ? ORDER BY id LIMIT 1`).pluck().get(c.id) as number;
      linkDuplicate(db, { incidentId: c.id, originalId: original, expectedVersion: c.version, operatorId: ops.supervisor }, now);
    }
    steps = workflowSteps(db, ops, random, 300, now);
    expect(steps.done).toBeGreaterThan(80);
    now = steps.now;

    // The escalation ladder, run by the host's clock, and a bulk reassignment.
    for (const hours of [1, 17, 60]) runLadder(db, now + hours * 3_600_000);
    now += 61 * 3_600_000;
    const busiest = db
      .prepare(`SELECT assignee_id FROM incidents WHERE assignee_id IS NOT NULL AND status IN ('dispatched', 'handling', 'handled') GROUP BY assignee_id ORDER BY count(*) DESC LIMIT 2`)
      .pluck()
      .all() as number[];
    expect(reassignOpenCases(db, { fromPersonId: busiest[0]!, toPersonId: busiest[1]!, operatorId: ops.supervisor }, now).length).toBeGreaterThan(0);

    // Events of a 12345 order written out of time order: a 签收 and a 办结 dated between its last step and the
    // 办结 on file (leaving its status as the log tells it unchanged), so the pairs are recounted around them.
    const order = db
      .prepare(
        `SELECT e.incident_id FROM incident_events e JOIN hotline_orders h ON h.incident_id = e.incident_id
         WHERE e.action = 'verify_pass' GROUP BY e.incident_id HAVING count(*) = 1 ORDER BY e.incident_id LIMIT 1`,
      )
      .pluck()
      .get() as number;
    const close = db.prepare(`SELECT at FROM incident_events WHERE incident_id = ? AND action = 'verify_pass'`).pluck().get(order) as number;
    const before = db.prepare(`SELECT at, to_status AS status FROM incident_events WHERE incident_id = ? AND at < ? ORDER BY at DESC, id DESC LIMIT 1`).get(order, close) as {
      at: number;
      status: IncidentStatus;
    };
    for (const [action, data] of [
      ['verify_pass', { closure: { onTime: false } }],
      ['acknowledge', { clock: { stage: 'acknowledge', dueAt: close, onTime: true } }],
    ] as const) {
      appendEvent(db, { incidentId: order, at: Math.floor((before.at + close) / 2), operatorId: ops.supervisor, actorName: '测试', action, fromStatus: before.status, toStatus: before.status, data });
    }
    now += 3_600_000;
    // Cases with a deadline put on the hang list last, and left there.
    const toHang = db.prepare(`SELECT id, version FROM incidents WHERE status = 'handling' AND due_at IS NOT NULL ORDER BY id LIMIT 3`).all() as { id: number; version: number }[];
    for (const c of toHang) transitionIncident(db, { incidentId: c.id, action: 'hang', expectedVersion: c.version, operatorId: ops.supervisor, note: '待协调' }, now);
    expect(toHang).toHaveLength(3);
    expectTablesExact(db, 'transitions, ladder, reassignment');
    expectFiguresExact(db, now, 'transitions, ladder, reassignment');

    // A field log imported in bulk and one row by row, a 12345 export, then one undone.
    const log = path.join(dir, 'log.csv');
    writeCsv(log, FIELD_LOG_HEADERS, fieldLogRows({ rows: 400, points: pointsInGrids(db, 40), start: sh('2026-11-16T08:00'), days: 10 }));
    const small = path.join(dir, 'small.csv');
    writeCsv(small, FIELD_LOG_HEADERS, fieldLogRows({ rows: 30, points: pointsInGrids(db, 10, 3), start: sh('2026-11-20T08:00'), days: 3, seed: 9, idPrefix: 'S' }));
    const hotlineCsv = path.join(dir, '12345.csv');
    fs.writeFileSync(
      hotlineCsv,
      [
        ['工单编号', '受理时间', '诉求人', '来电号码', '工单类型', '工单内容', '事发地址', '办结时限', '所属网格'],
        ...Array.from({ length: 12 }, (_, k) => [`IMP${k}`, `2026/11/${20 + (k % 5)} 9:${10 + k}`, '市民', '13800000000', '投诉', '垃圾堆放', '', '', grid]),
      ]
        .map((r) => csvLine(r))
        .join('\r\n'),
    );
    const common = { crs: 'wgs84' as const, photoDir: null, attachmentsDir: path.join(dir, 'att'), now };
    const bulk = await runImport(db, { ...common, file: log, fileName: 'log.csv', bulk: true });
    expect(bulk.accepted).toBe(400);
    const rowByRow = await runImport(db, { ...common, file: small, fileName: 'small.csv', bulk: false });
    expect(rowByRow.accepted).toBeGreaterThan(0);
    const orders = await runImport(db, { ...common, file: hotlineCsv, fileName: '12345.csv' });
    expect(orders.accepted).toBe(12);
    // Some imported orders worked, then the field log undone.
    expect(db.prepare(`SELECT count(*) FROM stats_weekly_dirty`).pluck().get(), 'weeks re-summed when the bulk import ended').toBe(0);

    // A bulk write still under way: the weeks it touched are marked, and read from the daily rows meanwhile.
    pauseDailyStats(db, true);
    const firstNew = (db.prepare(`SELECT max(id) FROM incidents`).pluck().get() as number) + 1;
    for (let k = 0; k < 8; k++) {
      createIncident(db, { operatorId: ops.supervisor, categoryId: category, description: '暴露垃圾', lon, lat, crs: 'wgs84', source: 'patrol' }, sh('2026-11-18T09:00') + k * 86_400_000);
    }
    const acc = new DailyAccumulator();
    for (const row of db.prepare(`SELECT * FROM incidents WHERE id >= ?`).iterate(firstNew)) acc.add(row as never);
    acc.flush(db);
    expect(db.prepare(`SELECT count(*) FROM stats_weekly_dirty`).pluck().get()).toBe(2);
    expectFiguresExact(db, now, 'during a bulk write');
    pauseDailyStats(db, false);

    steps = workflowSteps(db, ops, random, 200, now + 3_600_000);
    expect(steps.done).toBeGreaterThan(30);
    now = steps.now + 3_600_000;
    undoBatch(db, bulk.batchId!, ops.admin, now);
    undoBatch(db, orders.batchId!, ops.admin, now);
    now += 3_600_000;
    expectTablesExact(db, 'imports and undo');
    expectFiguresExact(db, now, 'imports and undo');
    db.close();
  }, 240_000);
});
