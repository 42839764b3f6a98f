/**
 * The weekly summary (周报) and any-period statistics for an area: totals, by street, by grid, by
 * category, by person, cleanup counts, the overdue list, and the previous period for comparison.
 */
import { AppError } from '../errors';
import type { Db } from '../open';
import { getSetting } from '../queries/settings';
import type { GridLevel } from '../types';
import { queryGroups, sumAll, sumBy, toFigures, type Counts, type Figures, type Period } from './indicators';
import { OVERDUE_LIST_LIMIT, isDayAligned, queryDailyBreakdown, queryDailyStats, queryDailyTotals, type Breakdown, type GridCategoryRow, type GridPersonRow } from './daily';
import { COUNTING_RULES, isCountingRuleId, type CountingRuleId } from './rules';
import { shanghaiIso } from './period';
import { HOUR_MS } from '../domain/time';
import { STAGE_RULE_TEXT, hasStages, queryStageRows, sumStagesBy, toStagesBlock, type StagesBlock } from './stages';
import { HOTLINE_RULE_TEXT, hotlineFigures, type HotlineFigures } from './hotline';
import { SUPERVISION_RULE_TEXT, supervisionFigures, type SupervisionFigures } from './supervision';
import { queryEventFigures, type EventFigures } from './events';
import { hungSql } from '../migrations/0130-statistics-rollups';

export interface AreaRef {
  id: number;
  code: string;
  name: string;
  level: GridLevel;
}

export interface NamedFigures extends Figures {
  code: string;
  name: string;
}

export interface CategoryFigures extends NamedFigures {
  id: number;
  kind: 'component' | 'event';
  bigClassName: string;
  cleanupLabel: string | null;
}

export interface PersonFigures extends Figures {
  personId: number | null;
  name: string;
}

export interface OverdueItem {
  id: number;
  caseNo: string;
  categoryName: string;
  gridName: string | null;
  streetName: string | null;
  assigneeName: string | null;
  assigneePhone: string | null;
  dueAt: number;
  overdueHours: number;
}

/** Stage timeliness of a street, grid or person. */
export interface NamedStages {
  code: string;
  name: string;
  stages: StagesBlock;
}

export interface PersonStages {
  personId: number | null;
  name: string;
  stages: StagesBlock;
}

export interface StatsReport {
  period: { start: string; end: string; startMs: number; endMs: number; label: string };
  area: AreaRef;
  rule: { id: CountingRuleId; name: string; description: string };
  unitName: string;
  totals: Figures;
  byStreet: NamedFigures[];
  byGrid: NamedFigures[];
  byCategory: CategoryFigures[];
  byPerson: PersonFigures[];
  cleanup: { label: string; count: number }[];
  overdueList: OverdueItem[];
  previous: { period: { start: string; end: string; label: string }; totals: Figures } | null;
  /**
   * Stage timeliness (按时派遣率, 按时处置率, 按时核查率, late stages per stage) of the area, and by street,
   * grid and person (only those with a stage due). Always present in reports built by the host.
   */
  stages?: StagesBlock;
  stagesByStreet?: NamedStages[];
  stagesByGrid?: NamedStages[];
  stagesByPerson?: PersonStages[];
  /** The 12345 work orders of the area (签收, 办理, 结案, 按时办结率, 回访, 满意率, 重办, 退单). */
  hotline?: HotlineFigures;
  /** 催办数 and 督办件数 (and 预警), of the area and by street and person. */
  supervision?: SupervisionFigures;
  /** How the figures beyond the counting rule are counted (stages, 12345 orders, chasing), printed with it. */
  ruleNotes?: string[];
}

export function countingRuleOf(db: Db): CountingRuleId {
  const v = getSetting<string>(db, 'counting_rule');
  return isCountingRuleId(v) ? v : 'standard';
}

/**
 * The figures of a period grouped by grid × small class and by grid × person: from the daily tables
 * when the period is whole days (always, for weeks and date ranges), else row by row.
 */
export function periodStats(
  db: Db,
  period: Period,
  ruleId: CountingRuleId,
  areaGridIds: number[] | null,
): { grid: GridCategoryRow[]; person: GridPersonRow[] } {
  if (isDayAligned(period)) return queryDailyStats(db, period, ruleId, areaGridIds);
  const rows = queryGroups(db, period, ruleId, areaGridIds);
  return {
    grid: rows.map((r) => ({ gridId: r.gridId, categoryId: r.categoryId, counts: r.counts })),
    person: rows.map((r) => ({ gridId: r.gridId, assigneeId: r.assigneeId, counts: r.counts })),
  };
}

/**
 * A period's figures by grid, small class and person, and in all: summed in SQL for whole days, else from
 * the row-by-row groups.
 */
export function periodBreakdown(db: Db, period: Period, ruleId: CountingRuleId, areaGridIds: number[] | null): Breakdown {
  if (isDayAligned(period)) return queryDailyBreakdown(db, period, ruleId, areaGridIds);
  const { grid, person } = periodStats(db, period, ruleId, areaGridIds);
  return {
    total: sumAll(grid),
    byGrid: sumBy(grid, (r) => r.gridId ?? 0),
    byCategory: sumBy(grid, (r) => r.categoryId),
    byPerson: sumBy(person, (r) => r.assigneeId ?? 0),
  };
}

/** The totals of a period (the sum of periodStats's grid rows, without grouping them). */
function periodTotals(db: Db, period: Period, ruleId: CountingRuleId, areaGridIds: number[] | null): Counts {
  if (isDayAligned(period)) return queryDailyTotals(db, [period], ruleId, areaGridIds)[0]!;
  return sumAll(periodStats(db, period, ruleId, areaGridIds).grid);
}

/** The grids inside an area as ids, null for the whole district. */
export function areaGridIdsOf(db: Db, area: AreaRef): number[] | null {
  return areaGridIds(db, area);
}

/** The district (level 1) when no code is given. */
export function resolveArea(db: Db, code: string | undefined): AreaRef {
  const row = (
    code
      ? db.prepare(`SELECT id, code, name, level FROM grids WHERE code = ?`).get(code)
      : db.prepare(`SELECT id, code, name, level FROM grids WHERE level = 1 ORDER BY code LIMIT 1`).get()
  ) as AreaRef | undefined;
  if (!row) throw new AppError('not-found', code ? `区域编码不存在：${code}` : '数据库中还没有网格：请先导入网格或载入演示城区');
  return row;
}

/** The community grids inside an area (null for the district: no restriction needed). */
function areaGridIds(db: Db, area: AreaRef): number[] | null {
  if (area.level === 1) return null;
  if (area.level === 3) return [area.id];
  return (db.prepare(`SELECT id FROM grids WHERE parent_id = ? AND level = 3`).all(area.id) as { id: number }[]).map((r) => r.id);
}

export function buildStatsReport(
  db: Db,
  input: { period: Period; label: string; previous?: { period: Period; label: string } | undefined; areaCode?: string | undefined; rule?: CountingRuleId | undefined; now: number },
): StatsReport {
  const area = resolveArea(db, input.areaCode);
  const ruleId = input.rule ?? countingRuleOf(db);
  const rule = COUNTING_RULES[ruleId];
  const ids = areaGridIds(db, area);
  // A period not over yet is counted as of now (deadlines still ahead are not yet due).
  const figures = periodBreakdown(db, { ...input.period, asOf: input.now }, ruleId, ids);

  const grids = db
    .prepare(
      `SELECT g.id, g.code, g.name, g.level, g.parent_id AS parentId FROM grids g
       WHERE g.level IN (2, 3) ORDER BY g.code`,
    )
    .all() as { id: number; code: string; name: string; level: number; parentId: number | null }[];
  const gridById = new Map(grids.map((g) => [g.id, g]));
  const inArea = (g: { id: number; level: number; parentId: number | null }): boolean =>
    area.level === 1 || (area.level === 2 ? g.id === area.id || g.parentId === area.id : g.id === area.id || g.id === gridById.get(area.id)?.parentId);

  const perGrid = figures.byGrid;
  const perStreet = sumBy(
    [...perGrid].map(([gridId, counts]) => ({ gridId, counts })),
    (r) => (r.gridId !== 0 ? (gridById.get(r.gridId)?.parentId ?? undefined) : undefined),
  );
  const named = (code: string, name: string, c: Counts | undefined): NamedFigures => ({
    code,
    name,
    ...toFigures(c ?? sumAll([]), rule),
  });
  const byStreet = grids.filter((g) => g.level === 2 && inArea(g)).map((g) => named(g.code, g.name, perStreet.get(g.id)));
  const byGrid = grids
    .filter((g) => g.level === 3 && (ids === null || ids.includes(g.id)))
    .map((g) => named(g.code, g.name, perGrid.get(g.id)));

  const categories = db
    .prepare(
      `SELECT c.id, c.code, c.name, c.kind, c.cleanup_label AS cleanupLabel, b.name AS bigClassName
       FROM categories c JOIN categories b ON b.id = c.parent_id ORDER BY c.kind DESC, c.code`,
    )
    .all() as { id: number; code: string; name: string; kind: 'component' | 'event'; cleanupLabel: string | null; bigClassName: string }[];
  const perCategory = figures.byCategory;
  const hasAny = (c: Counts) => Object.values(c).some((v) => v !== 0);
  const byCategory: CategoryFigures[] = categories
    .filter((c) => perCategory.has(c.id) && hasAny(perCategory.get(c.id)!))
    .map((c) => ({ ...named(c.code, c.name, perCategory.get(c.id)), id: c.id, kind: c.kind, bigClassName: c.bigClassName, cleanupLabel: c.cleanupLabel }));

  const persons = new Map(
    (db.prepare(`SELECT id, name FROM persons`).all() as { id: number; name: string }[]).map((p) => [p.id, p.name]),
  );
  const perPerson = figures.byPerson;
  const byPerson: PersonFigures[] = [...perPerson.entries()]
    .filter(([, c]) => hasAny(c))
    .map(([personId, c]) => ({ personId: personId || null, name: personId ? (persons.get(personId) ?? `#${personId}`) : '未分配', ...toFigures(c, rule) }))
    .sort((a, b) => b.due - a.due || b.closed - a.closed || a.name.localeCompare(b.name, 'zh-CN') || (a.personId ?? 0) - (b.personId ?? 0));

  const cleanupMap = new Map<string, number>();
  for (const c of byCategory) {
    if (c.cleanupLabel && c.closed > 0) cleanupMap.set(c.cleanupLabel, (cleanupMap.get(c.cleanupLabel) ?? 0) + c.closed);
  }
  const cleanup = [...cleanupMap.entries()].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count);

  // The event log's figures (stages, 12345 orders, chasing), read once for the three blocks.
  const eventFigures: EventFigures[] | undefined = isDayAligned(input.period) ? queryEventFigures(db, input.period, ids) : undefined;
  const stageRows = queryStageRows(db, input.period, ids, input.now, eventFigures);
  const stagesPerGrid = sumStagesBy(stageRows, (r) => r.gridId ?? undefined);
  const stagesPerStreet = sumStagesBy(stageRows, (r) => (r.gridId != null ? (gridById.get(r.gridId)?.parentId ?? undefined) : undefined));
  const stagesPerPerson = sumStagesBy(stageRows, (r) => r.assigneeId ?? 0);
  const stagesByStreet = grids
    .filter((g) => g.level === 2 && inArea(g))
    .map((g) => ({ code: g.code, name: g.name, stages: toStagesBlock(stagesPerStreet.get(g.id)) }));
  const stagesByGrid = grids
    .filter((g) => g.level === 3 && stagesPerGrid.has(g.id) && hasStages(stagesPerGrid.get(g.id)!))
    .map((g) => ({ code: g.code, name: g.name, stages: toStagesBlock(stagesPerGrid.get(g.id)) }));
  const stagesByPerson = [...stagesPerPerson.entries()]
    .filter(([, c]) => hasStages(c))
    .map(([personId, c]) => ({ personId: personId || null, name: personId ? (persons.get(personId) ?? `#${personId}`) : '未分配', stages: toStagesBlock(c) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || (a.personId ?? 0) - (b.personId ?? 0));

  const previous = input.previous
    ? {
        period: { start: shanghaiIso(input.previous.period.start), end: shanghaiIso(input.previous.period.end), label: input.previous.label },
        totals: toFigures(periodTotals(db, { ...input.previous.period, asOf: input.now }, ruleId, ids), rule),
      }
    : null;

  return {
    period: { start: shanghaiIso(input.period.start), end: shanghaiIso(input.period.end), startMs: input.period.start, endMs: input.period.end, label: input.label },
    area,
    rule: { id: rule.id, name: rule.name, description: rule.description },
    unitName: getSetting<string>(db, 'unit_name') ?? 'GridDesk',
    totals: toFigures(figures.total, rule),
    byStreet,
    byGrid,
    byCategory,
    byPerson,
    cleanup,
    overdueList: overdueAt(db, input.period.end, ids, Math.min(input.now, input.period.end)),
    previous,
    stages: toStagesBlock(sumStagesBy(stageRows, () => 'all').get('all')),
    stagesByStreet,
    stagesByGrid,
    stagesByPerson,
    hotline: hotlineFigures(db, input.period, ids, eventFigures),
    supervision: supervisionFigures(
      db,
      input.period,
      ids,
      grids.filter((g) => g.level === 2 && inArea(g)),
      new Map(grids.map((g) => [g.id, g.parentId])),
      (id) => persons.get(id) ?? `#${id}`,
      eventFigures,
    ),
    ruleNotes: [STAGE_RULE_TEXT, HOTLINE_RULE_TEXT, SUPERVISION_RULE_TEXT],
  };
}

/**
 * Cases open (by the event log) at the end of the period and past their deadline at `at` (the end of
 * the period, or now if earlier), most overdue first.
 */
export function overdueAt(db: Db, periodEnd: number, ids: number[] | null, at: number): OverdueItem[] {
  const area = ids ? 'AND i.grid_id IN (SELECT value FROM json_each(@area))' : '';
  const notHung = `NOT ${hungSql('i.id', '@end').replace('FROM incident_events h', 'FROM incident_events h INDEXED BY incident_events_hang')}`;
  const limit = OVERDUE_LIST_LIMIT;
  const rows = db
    .prepare(
      // The open cases walked in deadline order from their index, each asked whether it was on the hang list
      // at the end (the first ${limit}, and those sharing the last one's deadline); the cases closed after the
      // period with a deadline before it are closed late, from the small index of those.
      `WITH open_late(id, due_at) AS MATERIALIZED (
         SELECT i.id, i.due_at FROM incidents i WHERE i.closed_at IS NULL AND i.due_at < @at AND i.duplicate_of IS NULL AND i.status <> 'voided' ${area} AND ${notHung}
         ORDER BY i.due_at LIMIT ${limit}
       ),
       late(id, due_at) AS MATERIALIZED (
         SELECT id, due_at FROM (
           SELECT id, due_at FROM open_late
           UNION
           SELECT i.id, i.due_at FROM incidents i WHERE i.closed_at IS NULL AND i.due_at = (SELECT max(due_at) FROM open_late)
             AND i.duplicate_of IS NULL AND i.status <> 'voided' ${area} AND ${notHung}
           UNION
           SELECT i.id, i.due_at FROM incidents i INDEXED BY incidents_closed_late
           WHERE i.closed_at >= @end AND i.due_at < @at AND i.closed_at > i.due_at AND i.duplicate_of IS NULL AND i.status <> 'voided' ${area} AND ${notHung}
         ) ORDER BY due_at, id LIMIT ${limit}
       )
       SELECT i.id, i.case_no AS caseNo, c.name AS categoryName, g.name AS gridName, s.name AS streetName,
              p.name AS assigneeName, p.phone AS assigneePhone, i.due_at AS dueAt
       FROM late CROSS JOIN incidents i ON i.id = late.id JOIN categories c ON c.id = i.category_id
       LEFT JOIN grids g ON g.id = i.grid_id LEFT JOIN grids s ON s.id = g.parent_id
       LEFT JOIN persons p ON p.id = i.assignee_id
       ORDER BY late.due_at, late.id`,
    )
    .all({ at, end: periodEnd, ...(ids ? { area: JSON.stringify(ids) } : {}) }) as Omit<OverdueItem, 'overdueHours'>[];
  return rows.map((r) => ({ ...r, overdueHours: Math.round(((at - r.dueAt) / HOUR_MS) * 10) / 10 }));
}
