/**
 * Whether the stored history can be trusted: the event chain holds, the triggers that keep cases and logs
 * append-only are all present, and every case's stored status is what replaying its events gives.
 * `restoreProtection` puts missing triggers back (only after a check has reported them).
 */
import type { Db } from '../open';
import { verifyChain, type ChainReport } from './chain';

/** A trigger that refuses one kind of write on a table with a message. */
function guard(name: string, when: string, message: string): [string, string] {
  return [name, `CREATE TRIGGER ${name} ${when} BEGIN\n        SELECT RAISE(ABORT, '${message}');\n      END`];
}

/** The triggers that protect history, with the SQL that recreates each (as the migrations made them). */
export const PROTECTIVE_TRIGGERS: Readonly<Record<string, string>> = Object.fromEntries([
  guard('incidents_never_deleted', 'BEFORE DELETE ON incidents', '案件不能删除，只能作废'),
  guard('incident_events_no_update', 'BEFORE UPDATE ON incident_events', '案件记录只能追加，不能修改'),
  guard('incident_events_no_delete', 'BEFORE DELETE ON incident_events', '案件记录只能追加，不能删除'),
  guard('incident_events_chained', 'BEFORE INSERT ON incident_events WHEN NEW.hash IS NULL', '案件记录缺少链式校验值：只能由 GridDesk 追加'),
  guard('settings_log_no_update', 'BEFORE UPDATE ON settings_log', '设置记录只能追加，不能修改'),
  guard('settings_log_no_delete', 'BEFORE DELETE ON settings_log', '设置记录只能追加，不能删除'),
  guard('login_log_no_update', 'BEFORE UPDATE ON login_log', '登录记录只能追加，不能修改'),
  guard('login_log_no_delete', 'BEFORE DELETE ON login_log', '登录记录只能追加，不能删除'),
]);

export interface StateMismatch {
  readonly incidentId: number;
  readonly caseNo: string;
  readonly stored: string;
  readonly replayed: string | null;
}

export interface HistoryReport {
  readonly ok: boolean;
  readonly chain: ChainReport;
  readonly missingTriggers: readonly string[];
  readonly stateMismatches: readonly StateMismatch[];
  /** Every case named by any finding, with its case number, for the message. */
  readonly suspectCases: readonly { readonly incidentId: number; readonly caseNo: string }[];
}

export function missingTriggers(db: Db): string[] {
  const present = new Set((db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger'`).all() as { name: string }[]).map((r) => r.name));
  return Object.keys(PROTECTIVE_TRIGGERS).filter((name) => !present.has(name));
}

/** Cases whose status differs from the last status their events lead to. */
export function stateMismatches(db: Db, limit = 1000): StateMismatch[] {
  return (
    db
      .prepare(
        `SELECT i.id AS incidentId, i.case_no AS caseNo, i.status AS stored,
                (SELECT e.to_status FROM incident_events e WHERE e.incident_id = i.id AND e.to_status IS NOT NULL ORDER BY e.id DESC LIMIT 1) AS replayed
         FROM incidents i
         WHERE replayed IS NOT i.status
         ORDER BY i.id LIMIT ?`,
      )
      .all(limit) as StateMismatch[]
  );
}

export function verifyHistory(db: Db): HistoryReport {
  const chain = verifyChain(db);
  const missing = missingTriggers(db);
  const mismatches = stateMismatches(db);
  const ids = new Set<number>([...chain.brokenEvents.map((b) => b.incidentId), ...mismatches.map((m) => m.incidentId)]);
  const caseNo = db.prepare(`SELECT case_no FROM incidents WHERE id = ?`).pluck();
  const suspectCases = [...ids].sort((a, b) => a - b).map((id) => ({ incidentId: id, caseNo: (caseNo.get(id) as string | undefined) ?? `#${id}（案件已不存在）` }));
  return {
    ok: chain.brokenEvents.length === 0 && missing.length === 0 && mismatches.length === 0,
    chain,
    missingTriggers: missing,
    stateMismatches: mismatches,
    suspectCases,
  };
}

/** Recreates the protective triggers that are missing; returns their names. */
export function restoreProtection(db: Db): string[] {
  const missing = missingTriggers(db);
  if (missing.length) db.transaction(() => missing.forEach((name) => db.exec(PROTECTIVE_TRIGGERS[name]!))).immediate();
  return missing;
}
