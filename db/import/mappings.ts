/** Header mappings saved by name, to reuse for the next log from the same device or app. */
import { AppError } from '../errors';
import type { Db } from '../open';
import { IMPORT_FIELDS, type FieldMapping, type SavedMapping } from './types';

function clean(mapping: FieldMapping): FieldMapping {
  const out: FieldMapping = {};
  for (const field of IMPORT_FIELDS) {
    const header = mapping[field];
    if (typeof header === 'string' && header.trim() !== '') out[field] = header;
  }
  return out;
}

export function listMappings(db: Db): SavedMapping[] {
  return (db.prepare(`SELECT id, name, mapping, updated_at FROM import_mappings ORDER BY updated_at DESC, id DESC`).all() as {
    id: number;
    name: string;
    mapping: string;
    updated_at: number;
  }[]).map((r) => ({ id: r.id, name: r.name, mapping: JSON.parse(r.mapping) as FieldMapping, updatedAt: r.updated_at }));
}

/** Saves (or replaces, by name) a mapping. */
export function saveMapping(db: Db, name: string, mapping: FieldMapping, now: number): SavedMapping {
  const trimmed = name.trim();
  if (!trimmed) throw new AppError('invalid-input', '对应关系的名称不能为空');
  const m = clean(mapping);
  if (Object.keys(m).length === 0) throw new AppError('invalid-input', '对应关系是空的：至少为一个字段选择列');
  db.prepare(
    `INSERT INTO import_mappings (name, mapping, created_at, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
  ).run(trimmed, JSON.stringify(m), now, now);
  return listMappings(db).find((x) => x.name === trimmed)!;
}

export function deleteMapping(db: Db, id: number): void {
  if (db.prepare(`DELETE FROM import_mappings WHERE id = ?`).run(id).changes === 0) {
    throw new AppError('not-found', `对应关系不存在：编号 ${id}`);
  }
}
