/**
 * The settings log: every administrative write (operators, categories, calendar, counting rule,
 * campaigns, basemap, grids, import undo, backups, restores) with who, when, what, and the value before
 * and after. Append-only by trigger; read with filters; exported and backed up with the database.
 */
import type { Db } from '../open';
import { sql, all, get } from '../sql';
import { SETTINGS_ACTION_LABELS } from '../domain/settingsActions';

/** Who acts: an operator from a logged-in session, or the command line on this PC. */
export interface Actor {
  readonly operatorId: number | null;
  readonly name: string;
}

export interface SettingsChange {
  readonly action: string;
  /** What was changed, in words: '类别「占道经营」', '工作日历 2026-10-01'. */
  readonly target: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly note?: string | null;
}

export interface SettingsLogEntry {
  readonly id: number;
  readonly at: number;
  readonly operatorId: number | null;
  readonly actorName: string;
  readonly action: string;
  readonly target: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly note: string | null;
}

export { SETTINGS_ACTION_LABELS };

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

export function logSettingsChange(db: Db, actor: Actor, change: SettingsChange, at: number): number {
  const r = db
    .prepare(`INSERT INTO settings_log (at, operator_id, actor_name, action, target, before, after, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(at, actor.operatorId, actor.name, change.action, change.target.slice(0, 200), json(change.before), json(change.after), change.note ?? null);
  return Number(r.lastInsertRowid);
}

export interface SettingsLogFilter {
  readonly action?: string | undefined;
  readonly operatorId?: number | undefined;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly text?: string | undefined;
  readonly limit?: number | undefined;
  readonly before?: number | undefined; // keyset: entries with id < before
}

/** A settings_log row as stored. */
export interface SettingsLogRow {
  id: number;
  at: number;
  operator_id: number | null;
  actor_name: string;
  action: string;
  target: string;
  before: string | null;
  after: string | null;
  note: string | null;
}

export function listSettingsLog(db: Db, f: SettingsLogFilter = {}): { items: SettingsLogEntry[]; total: number } {
  const where = sql`1 = 1
    ${f.action ? sql`AND action = ${f.action}` : sql``}
    ${f.operatorId !== undefined ? sql`AND operator_id = ${f.operatorId}` : sql``}
    ${f.from !== undefined ? sql`AND at >= ${f.from}` : sql``}
    ${f.to !== undefined ? sql`AND at < ${f.to}` : sql``}
    ${f.text ? sql`AND (instr(target, ${f.text}) > 0 OR instr(actor_name, ${f.text}) > 0 OR instr(coalesce(note, ''), ${f.text}) > 0)` : sql``}`;
  const rows = all<SettingsLogRow>(
    db,
    sql`SELECT * FROM settings_log WHERE ${where} ${f.before !== undefined ? sql`AND id < ${f.before}` : sql``} ORDER BY id DESC LIMIT ${f.limit ?? 200}`,
  );
  const total = get<{ n: number }>(db, sql`SELECT count(*) AS n FROM settings_log WHERE ${where}`)!.n;
  const parse = (v: string | null): unknown => (v === null ? null : JSON.parse(v));
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      at: r.at,
      operatorId: r.operator_id,
      actorName: r.actor_name,
      action: r.action,
      target: r.target,
      before: parse(r.before),
      after: parse(r.after),
      note: r.note,
    })),
  };
}

/**
 * Runs an administrative write and its settings-log entry in one transaction: both happen or neither.
 * `after` defaults to the write's result.
 */
export function withSettingsLog<T>(
  db: Db,
  actor: Actor,
  at: number,
  change: Omit<SettingsChange, 'after'> & { after?: (result: T) => unknown },
  write: () => T,
): T {
  return db
    .transaction(() => {
      const result = write();
      logSettingsChange(db, actor, { ...change, after: change.after ? change.after(result) : result }, at);
      return result;
    })
    .immediate();
}
