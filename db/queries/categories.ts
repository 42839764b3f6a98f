import { AppError } from '../errors';
import type { Db } from '../open';
import type { Category, CategoryKind, LimitUnit } from '../types';

interface CategoryRow {
  id: number;
  kind: string;
  level: number;
  code: string;
  parent_id: number | null;
  name: string;
  dispatch_limit: number | null;
  dispatch_unit: string | null;
  handling_limit: number | null;
  handling_unit: string | null;
  verify_limit: number | null;
  verify_unit: string | null;
  is_urgent: number;
  cleanup_label: string | null;
  is_active: number;
}

function rowToCategory(r: CategoryRow): Category {
  return {
    id: r.id,
    kind: r.kind as CategoryKind,
    level: r.level as 1 | 2,
    code: r.code,
    parentId: r.parent_id,
    name: r.name,
    dispatchLimit: r.dispatch_limit,
    dispatchUnit: r.dispatch_unit as LimitUnit | null,
    handlingLimit: r.handling_limit,
    handlingUnit: r.handling_unit as LimitUnit | null,
    verifyLimit: r.verify_limit,
    verifyUnit: r.verify_unit as LimitUnit | null,
    isUrgent: r.is_urgent === 1,
    cleanupLabel: r.cleanup_label,
    isActive: r.is_active === 1,
  };
}

export function listCategories(db: Db): Category[] {
  const rows = db
    .prepare(`SELECT * FROM categories ORDER BY kind DESC, code`)
    .all() as CategoryRow[];
  return rows.map(rowToCategory);
}

export interface CategoryLimitsInput {
  id: number;
  name?: string | undefined;
  handlingLimit?: number | undefined;
  handlingUnit?: LimitUnit | undefined;
  dispatchLimit?: number | undefined;
  dispatchUnit?: LimitUnit | undefined;
  verifyLimit?: number | undefined;
  verifyUnit?: LimitUnit | undefined;
  isUrgent?: boolean | undefined;
  isActive?: boolean | undefined;
}

/** Edits a category's name, limits or flags. Deadlines already set keep their value (they were logged). */
export function updateCategory(db: Db, input: CategoryLimitsInput): Category {
  const current = db.prepare(`SELECT * FROM categories WHERE id = ?`).get(input.id) as CategoryRow | undefined;
  if (!current) throw new AppError('not-found', `类别不存在：编号 ${input.id}`);
  if (current.level === 1 && (input.handlingLimit !== undefined || input.dispatchLimit !== undefined || input.verifyLimit !== undefined)) {
    throw new AppError('invalid-input', `「${current.name}」是大类，时限设在小类上`);
  }
  const next = {
    name: input.name?.trim() ?? current.name,
    handling_limit: input.handlingLimit ?? current.handling_limit,
    handling_unit: input.handlingUnit ?? current.handling_unit,
    dispatch_limit: input.dispatchLimit ?? current.dispatch_limit,
    dispatch_unit: input.dispatchUnit ?? current.dispatch_unit,
    verify_limit: input.verifyLimit ?? current.verify_limit,
    verify_unit: input.verifyUnit ?? current.verify_unit,
    is_urgent: input.isUrgent === undefined ? current.is_urgent : input.isUrgent ? 1 : 0,
    is_active: input.isActive === undefined ? current.is_active : input.isActive ? 1 : 0,
  };
  if (!next.name) throw new AppError('invalid-input', '类别名称不能为空');
  db.prepare(
    `UPDATE categories SET name = @name, handling_limit = @handling_limit, handling_unit = @handling_unit,
       dispatch_limit = @dispatch_limit, dispatch_unit = @dispatch_unit, verify_limit = @verify_limit,
       verify_unit = @verify_unit, is_urgent = @is_urgent, is_active = @is_active WHERE id = @id`,
  ).run({ ...next, id: input.id });
  return rowToCategory(db.prepare(`SELECT * FROM categories WHERE id = ?`).get(input.id) as CategoryRow);
}
