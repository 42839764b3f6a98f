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
