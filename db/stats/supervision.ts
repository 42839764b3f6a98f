/**
 * 催办 and 督办 counted from the event log, for any period and area, by street and by person: the rungs the
 * ladder wrote (预警, 催办, 督办) and the supervisors' own 催办. 督办件数 counts cases, the others events.
 */
import type { Db } from '../open';
import type { Period } from './indicators';
import { isDayAligned } from './daily';
import { queryEventFigures, type EventFigures } from './events';

export interface SupervisionCounts {
  /** 预警 written in the period. */
  warnings: number;
  /** 催办数: 催办 written in the period, by the ladder and by hand. */
  urges: number;
  /** Of those, by a supervisor's hand. */
  manualUrges: number;
  /** 督办 written in the period. */
  supervisions: number;
  /** 督办件数: cases 督办 in the period. */
  supervisedCases: number;
}

export interface SupervisionFigures extends SupervisionCounts {
  byStreet: ({ code: string; name: string } & SupervisionCounts)[];
  byPerson: ({ personId: number | null; name: string } & SupervisionCounts)[];
}

export const SUPERVISION_RULE_TEXT =
  '催办督办：预警、催办、督办按本期内记录的次数计（催办含督办时钟自动催办和监督员人工催办），督办件数按本期内被督办的案件数计；按案件所在街道、责任人归类。';

interface Row {
  id: number;
  gridId: number | null;
  assigneeId: number | null;
  action: string;
  manual: number;
}

const empty = (): SupervisionCounts => ({ warnings: 0, urges: 0, manualUrges: 0, supervisions: 0, supervisedCases: 0 });

/** Adds rows to counts; supervised cases are counted once per key. */
function tally(rows: readonly Row[]): SupervisionCounts {
  const c = empty();
  const supervised = new Set<number>();
  for (const r of rows) {
    if (r.action === 'warn') c.warnings++;
    else if (r.action === 'urge') {
      c.urges++;
      if (r.manual) c.manualUrges++;
    } else if (r.action === 'supervise') {
      c.supervisions++;
      supervised.add(r.id);
    }
  }
  c.supervisedCases = supervised.size;
  return c;
}

/** Adds counts into `into`. */
function addInto(into: SupervisionCounts, c: SupervisionCounts): void {
  into.warnings += c.warnings;
  into.urges += c.urges;
  into.manualUrges += c.manualUrges;
  into.supervisions += c.supervisions;
  into.supervisedCases += c.supervisedCases;
}

/** Most chased first; then by name, then by id (one order whichever way the figures were counted). */
const byChasing = (a: { personId: number | null; name: string } & SupervisionCounts, b: { personId: number | null; name: string } & SupervisionCounts) =>
  b.urges + b.supervisions - (a.urges + a.supervisions) || a.name.localeCompare(b.name, 'zh-CN') || (a.personId ?? 0) - (b.personId ?? 0);

/**
 * The figures of the area, by street and person: for whole days from the per-day sums (`figures`, when the
 * caller already read them). A case has one grid and one person, so cases 督办 add up by either.
 */
export function supervisionFigures(
  db: Db,
  period: Period,
  areaGridIds: number[] | null,
  streets: readonly { id: number; code: string; name: string }[],
  gridParent: ReadonlyMap<number, number | null>,
  personName: (id: number) => string,
  figures?: readonly EventFigures[],
): SupervisionFigures {
  if (!isDayAligned(period)) return supervisionFiguresFromLog(db, period, areaGridIds, streets, gridParent, personName);
  const total = empty();
  const perStreet = new Map<number | null, SupervisionCounts>();
  const perPerson = new Map<number | null, SupervisionCounts>();
  for (const f of figures ?? queryEventFigures(db, period, areaGridIds)) {
    const c = f.supervision;
    if (c.warnings + c.urges + c.supervisions === 0) continue;
    addInto(total, c);
    const street = f.gridId === null ? null : (gridParent.get(f.gridId) ?? null);
    for (const [map, key] of [
      [perStreet, street],
      [perPerson, f.assigneeId],
    ] as const) {
      let acc = map.get(key);
      if (!acc) map.set(key, (acc = empty()));
      addInto(acc, c);
    }
  }
  return {
    ...total,
    byStreet: streets.filter((s) => perStreet.has(s.id)).map((s) => ({ code: s.code, name: s.name, ...perStreet.get(s.id)! })),
    byPerson: [...perPerson.entries()]
      .map(([personId, c]) => ({ personId, name: personId === null ? '未分配' : personName(personId), ...c }))
      .sort(byChasing),
  };
}

/** The same figures counted from the event log row by row (any period; the reference the sums are held to). */
export function supervisionFiguresFromLog(
  db: Db,
  period: Period,
  areaGridIds: number[] | null,
  streets: readonly { id: number; code: string; name: string }[],
  gridParent: ReadonlyMap<number, number | null>,
  personName: (id: number) => string,
): SupervisionFigures {
  const area = areaGridIds ? 'AND i.grid_id IN (SELECT value FROM json_each(@area))' : '';
  const rows = db
    .prepare(
      `SELECT e.incident_id AS id, i.grid_id AS gridId, i.assignee_id AS assigneeId, e.action,
              (e.operator_id IS NOT NULL) AS manual
       FROM incident_events e JOIN incidents i ON i.id = e.incident_id
       WHERE e.action IN ('warn', 'urge', 'supervise') AND e.at >= @s AND e.at < @e
         AND i.duplicate_of IS NULL AND i.status <> 'voided' ${area}`,
    )
    .all({ s: period.start, e: period.end, ...(areaGridIds ? { area: JSON.stringify(areaGridIds) } : {}) }) as Row[];
  const group = <K>(key: (r: Row) => K): Map<K, Row[]> => {
    const m = new Map<K, Row[]>();
    for (const r of rows) {
      const k = key(r);
      m.set(k, [...(m.get(k) ?? []), r]);
    }
    return m;
  };
  const perStreet = group((r) => (r.gridId === null ? null : (gridParent.get(r.gridId) ?? null)));
  const perPerson = group((r) => r.assigneeId);
  return {
    ...tally(rows),
    byStreet: streets.filter((s) => perStreet.has(s.id)).map((s) => ({ code: s.code, name: s.name, ...tally(perStreet.get(s.id)!) })),
    byPerson: [...perPerson.entries()]
      .map(([personId, list]) => ({ personId, name: personId === null ? '未分配' : personName(personId), ...tally(list) }))
      .sort(byChasing),
  };
}
