import type { Database } from 'better-sqlite3';
import type { Migration } from './types';

/**
 * 12345 work orders as a kind of case: the order's own fields beside its case (order number, caller, 诉求类型,
 * the platform's 办理时限, the 签收 clock, the reply to the citizen, the callback and its attempts, reopenings,
 * the return to the platform), and two statuses more for cases: 'received' (待签收) and
 * 'returned_to_platform' (已退单).
 *
 * The statuses are a CHECK on incidents. Widening a CHECK changes no stored row, so instead of copying the
 * whole table (minutes at a million cases, with every index, trigger and foreign key rebuilt) the table's
 * definition is edited in place, the way SQLite documents for constraint changes that leave the data valid
 * (https://sqlite.org/lang_altertable.html, "making other kinds of table schema changes"): in the same
 * transaction, with the schema version bumped so every connection reloads it.
 */
export const HOTLINE_STATUSES_ADDED = ['received', 'returned_to_platform'] as const;

function widenStatusCheck(db: Database): void {
  const row = db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'incidents'`).get() as { sql: string };
  const pattern = /CHECK \(status IN \(([^)]*)\)\)/;
  const match = pattern.exec(row.sql);
  if (!match || !match[1]!.includes(`'voided'`)) throw new Error('incidents.status 的约束与预期不符，无法升级');
  const listed = match[1]!.split(',').map((v) => v.trim());
  const added = HOTLINE_STATUSES_ADDED.map((s) => `'${s}'`).filter((s) => !listed.includes(s));
  if (added.length === 0) return;
  const sql = row.sql.replace(pattern, `CHECK (status IN (${[...listed, ...added].join(', ')}))`);
  const version = db.pragma('schema_version', { simple: true }) as number;
  db.unsafeMode(true);
  try {
    db.pragma('writable_schema = ON');
    db.prepare(`UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'incidents'`).run(sql);
    db.pragma(`schema_version = ${version + 1}`);
    db.pragma('writable_schema = OFF');
  } finally {
    db.unsafeMode(false);
  }
}

export const migration0110: Migration = {
  version: 110,
  name: 'hotline-orders',
  up(db) {
    widenStatusCheck(db);
    db.exec(`
      CREATE TABLE hotline_orders (
        incident_id INTEGER PRIMARY KEY REFERENCES incidents(id),
        order_no TEXT NOT NULL UNIQUE CHECK (length(order_no) BETWEEN 1 AND 64), -- 工单编号, the platform's
        called_at INTEGER, -- 来电时间 / 受理时间
        caller_name TEXT CHECK (caller_name IS NULL OR length(caller_name) <= 50),
        caller_phone TEXT CHECK (caller_phone IS NULL OR length(caller_phone) <= 60), -- kept as written; listed masked
        demand_type TEXT CHECK (demand_type IS NULL OR demand_type IN ('consult', 'help', 'complaint', 'report', 'suggestion')),
        platform_due_at INTEGER, -- the platform's 办理时限: the handling deadline when earlier than the category's
        arrived_at INTEGER NOT NULL, -- on this desk: the 签收 clock starts
        ack_due_at INTEGER,
        acknowledged_at INTEGER,
        reply TEXT CHECK (reply IS NULL OR length(reply) <= 2000), -- 答复内容
        replied_at INTEGER,
        callback_due_at INTEGER, -- 1 working day after closure
        callback_attempts INTEGER NOT NULL DEFAULT 0 CHECK (callback_attempts >= 0), -- unanswered calls since closure
        callback_result TEXT CHECK (callback_result IS NULL OR callback_result IN ('satisfied', 'basic', 'dissatisfied', 'unreachable')),
        callback_at INTEGER,
        reopen_count INTEGER NOT NULL DEFAULT 0 CHECK (reopen_count >= 0), -- 不满意重办
        returned_at INTEGER, -- 退单 approved
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX hotline_orders_callback ON hotline_orders(callback_due_at) WHERE callback_result IS NULL AND callback_due_at IS NOT NULL;
      CREATE TRIGGER hotline_orders_never_deleted BEFORE DELETE ON hotline_orders BEGIN
        SELECT RAISE(ABORT, '12345 工单不能删除，只能作废或退单');
      END;
    `);
  },
};
