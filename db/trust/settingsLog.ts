/**
 * The settings log: every administrative write (operators, categories, calendar, counting rule,
 * campaigns, basemap, grids, import undo, backups, restores) with who, when, what, and the value before
 * and after. Append-only by trigger; read with filters; exported and backed up with the database.
 */
import type { Db } from '../open';
import { sql, all, get } from '../sql';

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

/** Chinese names of the logged actions, for the log page and exports. */
export const SETTINGS_ACTION_LABELS: Readonly<Record<string, string>> = {
  'operator.create': '新建操作员',
  'operator.role': '更改角色',
  'operator.password-reset': '重置密码',
  'operator.password-change': '修改本人密码',
  'operator.deactivate': '停用操作员',
  'operator.activate': '启用操作员',
  'operator.link-person': '关联人员',
  'admin.setup': '创建管理员',
  'category.update': '修改类别',
  'calendar.day': '修改工作日历',
  'calendar.periods': '修改作息时间',
  'stats.rule': '更改统计口径',
  'campaign.create': '新建专项行动',
  'campaign.tag': '计入专项行动',
  'map.basemap': '更改底图',
  'grids.import': '导入网格边界',
  'import.undo': '撤销导入批次',
  'import.run': '导入现场日志',
  'person.create': '新建责任人',
  'person.active': '启用/停用责任人',
  'person.duty-add': '新增岗位',
  'person.duty-end': '结束岗位',
  'person.reassign': '批量转派',
  'security.separation': '职责分离开关',
  'security.idle-lock': '闲置锁定时间',
  'backup.create': '备份',
  'backup.restore': '从备份恢复',
  'backup.settings': '备份设置',
  'demo.load': '载入演示数据',
  'phone.reveal': '查看完整电话',
};

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
