import { AppError } from '../errors';
import type { Db } from '../open';
import type { Operator, OperatorRole } from '../types';

interface OperatorRow {
  id: number;
  name: string;
  role: string;
  person_id: number | null;
  person_name: string | null;
  is_active: number;
}

const rowToOperator = (r: OperatorRow): Operator => ({
  id: r.id,
  name: r.name,
  role: r.role as OperatorRole,
  personId: r.person_id,
  personName: r.person_name,
  isActive: r.is_active === 1,
});

export function listOperators(db: Db): Operator[] {
  return (db.prepare(`SELECT o.*, p.name AS person_name FROM operators o LEFT JOIN persons p ON p.id = o.person_id ORDER BY o.is_active DESC, o.role, o.name`).all() as OperatorRow[]).map(rowToOperator);
}

/** The active operator with this id, or a clear refusal. */
export function requireOperator(db: Db, id: number): Operator {
  const row = db.prepare(`SELECT o.*, p.name AS person_name FROM operators o LEFT JOIN persons p ON p.id = o.person_id WHERE o.id = ?`).get(id) as OperatorRow | undefined;
  if (!row) throw new AppError('not-found', `操作员不存在：编号 ${id}`);
  if (row.is_active !== 1) throw new AppError('forbidden', `操作员「${row.name}」已停用`);
  return rowToOperator(row);
}

export function createOperator(
  db: Db,
  input: { name: string; role: OperatorRole; personId?: number | null | undefined },
  now: number,
): Operator {
  const name = input.name.trim();
  if (!name) throw new AppError('invalid-input', '操作员姓名不能为空');
  if (db.prepare(`SELECT 1 FROM operators WHERE name = ?`).get(name)) {
    throw new AppError('conflict', `已有同名操作员：${name}`);
  }
  if (input.personId != null && !db.prepare(`SELECT 1 FROM persons WHERE id = ?`).get(input.personId)) {
    throw new AppError('not-found', `人员不存在：编号 ${input.personId}`);
  }
  const r = db
    .prepare(`INSERT INTO operators (name, role, person_id, created_at) VALUES (?, ?, ?, ?)`)
    .run(name, input.role, input.personId ?? null, now);
  return requireOperator(db, Number(r.lastInsertRowid));
}
