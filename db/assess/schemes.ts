/**
 * Assessment schemes: validation (clear Chinese messages), storage as immutable versions, the seeded
 * defaults. Saving a changed definition adds version n+1; saving the same definition stores nothing.
 */
import crypto from 'node:crypto';
import type { Db } from '../open';
import { AppError } from '../errors';
import { ASSESS_OBJECT_LABELS, GRADES, INDICATOR_INFO } from '../domain/assess';
import type { AssessScheme, SchemeDefinition } from './types';
import { DEFAULT_SCHEMES } from './defaultScheme';

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}

export function sha256Hex(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Every problem of a definition, in words for the administrator; empty when it can be used. */
export function schemeProblems(d: SchemeDefinition): string[] {
  const problems: string[] = [];
  const total = d.indicators.reduce((s, i) => s + i.weight, 0);
  if (Math.abs(total - 100) > 1e-9) problems.push(`各项指标的权重之和应为 100，现为 ${Number(total.toFixed(4))}`);
  const seen = new Set<string>();
  for (const i of d.indicators) {
    const info = INDICATOR_INFO[i.id];
    if (seen.has(i.id)) problems.push(`指标「${info.label}」重复`);
    seen.add(i.id);
    for (const t of d.objects) {
      if (!info.objects.includes(t)) problems.push(`指标「${info.label}」不能用于考核对象「${ASSESS_OBJECT_LABELS[t]}」（只适用于${info.objects.map((o) => ASSESS_OBJECT_LABELS[o]).join('、')}）`);
    }
    if (i.normalisation === 'target' && !(typeof i.target === 'number' && i.target > 0)) problems.push(`指标「${info.label}」按目标值计分，请填写大于 0 的目标值`);
    if (i.normalisation === 'rate' && info.kind !== 'rate') problems.push(`指标「${info.label}」是数量，不能按比率计分：请选择对比同类或对比目标值`);
  }
  for (const r of d.deductions) {
    const info = INDICATOR_INFO[r.indicator];
    if (info.kind !== 'count') problems.push(`扣分规则只能按件数计：「${info.label}」是比率`);
    for (const t of d.objects) {
      if (!info.objects.includes(t)) problems.push(`扣分项「${info.label}」不能用于考核对象「${ASSESS_OBJECT_LABELS[t]}」`);
    }
    if (r.cap < r.pointsEach) problems.push(`扣分项「${info.label}」的扣分上限应不小于每件扣分`);
  }
  if (new Set(d.objects).size !== d.objects.length) problems.push('考核对象重复');
  if (d.objects.includes('person') && d.personDuties.length === 0) problems.push('考核人员时请选择岗位（按岗位确定考核哪些人员）');
  const order = d.grades.map((g) => g.grade).join('');
  if (order !== GRADES.join('')) problems.push('等级应依次为优、良、中、差');
  for (let k = 1; k < d.grades.length; k++) {
    if (d.grades[k]!.min >= d.grades[k - 1]!.min) problems.push(`等级「${d.grades[k - 1]!.grade}」的分数线应高于「${d.grades[k]!.grade}」`);
  }
  if (d.grades.length && d.grades[d.grades.length - 1]!.min !== 0) problems.push('等级「差」的分数线应为 0');
  return problems;
}

export function assertScheme(d: SchemeDefinition): void {
  const p = schemeProblems(d);
  if (p.length) throw new AppError('invalid-input', `考核方案有误：${p.join('；')}`);
}

interface SchemeRow {
  id: number;
  code: string;
  current_version: number;
  created_at: number;
  updated_at: number;
}

export function schemeDefinitionOf(db: Db, schemeId: number, version: number): SchemeDefinition {
  const r = db.prepare(`SELECT definition FROM assess_scheme_versions WHERE scheme_id = ? AND version = ?`).get(schemeId, version) as
    | { definition: string }
    | undefined;
  if (!r) throw new AppError('not-found', `考核方案 #${schemeId} 没有第 ${version} 版`);
  return JSON.parse(r.definition) as SchemeDefinition;
}

function toScheme(db: Db, r: SchemeRow): AssessScheme {
  const versions = db
    .prepare(`SELECT version, created_at AS createdAt, created_by_name AS createdBy FROM assess_scheme_versions WHERE scheme_id = ? ORDER BY version DESC`)
    .all(r.id) as { version: number; createdAt: number; createdBy: string | null }[];
  return {
    id: r.id,
    code: r.code,
    version: r.current_version,
    definition: schemeDefinitionOf(db, r.id, r.current_version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    versions,
  };
}

export function listSchemes(db: Db): AssessScheme[] {
  const rows = db.prepare(`SELECT * FROM assess_schemes ORDER BY id`).all() as SchemeRow[];
  return rows.map((r) => toScheme(db, r));
}

/** A scheme by id, or by code ('general'). */
export function getScheme(db: Db, ref: number | string): AssessScheme {
  const isId = typeof ref === 'number' || /^\d+$/.test(ref);
  const r = db.prepare(`SELECT * FROM assess_schemes WHERE ${isId ? 'id' : 'code'} = ?`).get(isId ? Number(ref) : ref) as SchemeRow | undefined;
  if (!r) throw new AppError('not-found', `没有考核方案「${ref}」`);
  return toScheme(db, r);
}

export interface SchemeAuthor {
  operatorId: number | null;
  name: string;
}

/**
 * Saves a definition: a new scheme (id null, with a code), or a new version of an existing one when the
 * definition changed (the same definition again stores nothing). Earlier versions stay as they were.
 */
export function saveScheme(db: Db, input: { id: number | null; code?: string; definition: SchemeDefinition }, author: SchemeAuthor, now: number): AssessScheme {
  assertScheme(input.definition);
  const text = canonicalJson(input.definition);
  return db
    .transaction(() => {
      let id = input.id;
      let version = 1;
      if (id === null) {
        const code = input.code ?? `S${String((db.prepare(`SELECT coalesce(max(id), 0) + 1 FROM assess_schemes`).pluck().get() as number)).padStart(3, '0')}`;
        if (db.prepare(`SELECT 1 FROM assess_schemes WHERE code = ?`).get(code)) throw new AppError('conflict', `考核方案编码「${code}」已存在`);
        id = Number(db.prepare(`INSERT INTO assess_schemes (code, current_version, created_at, updated_at) VALUES (?, 1, ?, ?)`).run(code, now, now).lastInsertRowid);
      } else {
        const current = getScheme(db, id);
        if (canonicalJson(current.definition) === text) return current;
        version = current.version + 1;
        db.prepare(`UPDATE assess_schemes SET current_version = ?, updated_at = ? WHERE id = ?`).run(version, now, id);
      }
      db.prepare(
        `INSERT INTO assess_scheme_versions (scheme_id, version, name, definition, created_at, created_by, created_by_name) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, version, input.definition.name, text, now, author.operatorId, author.name);
      return getScheme(db, id);
    })
    .immediate();
}

/** Stores the default schemes when the database has none yet; returns whether it wrote. */
export function seedDefaultSchemes(db: Db, now: number): boolean {
  const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'assess_schemes'`).get();
  if (!hasTable) return false;
  const n = db.prepare(`SELECT count(*) FROM assess_schemes`).pluck().get() as number;
  if (n > 0) return false;
  for (const s of DEFAULT_SCHEMES) saveScheme(db, { id: null, code: s.code, definition: s.definition }, { operatorId: null, name: 'GridDesk 默认方案' }, now);
  return true;
}
