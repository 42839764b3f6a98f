/**
 * Grid-boundary import: features → grids (code, name, level, parent from chosen properties, the
 * geometry converted to WGS-84), validated before anything changes: codes, rings, the hierarchy,
 * community grids inside their street, overlaps between siblings and gaps in each parent (with area
 * and location). Applying replaces the grids by code in one transaction and re-locates every case
 * with a location (logged on the case); a grid that disappears while something still refers to it
 * stops the replacement.
 */
import { appendEvent } from '../queries/events';
import { logSettingsChange } from '../trust/settingsLog';
import type { IncidentStatus } from '../domain/codes';
import area from '@turf/area';
import polygonClipping, { type MultiPolygon, type Polygon as PcPolygon } from 'polygon-clipping';
import { AppError } from '../errors';
import type { Db } from '../open';
import { selfCrossing, toWgs84 } from '../geo';
import type { CoordinateSystem, GridGeometry } from '../types';
import { GridIndex } from './gridIndex';
import type { GridFeature, GridFile } from './gridFile';
import type { GridImportResult, GridIssue, GridMove, GridPropertyMapping } from './types';

export interface GridDraft {
  code: string;
  name: string;
  level: 1 | 2 | 3;
  parentCode: string | null;
  geometry: GridGeometry;
  bbox: [number, number, number, number];
  areaM2: number;
}

/** Pieces smaller than this (digitising slivers) are warnings; larger ones are errors. */
export const SLIVER_M2 = 100;
const MIN_REPORTED_M2 = 1;
const LEVEL_NAMES = { 1: '区', 2: '街道', 3: '社区网格' } as const;

export function gridProperties(file: GridFile): string[] {
  const keys = new Set<string>();
  for (const f of file.features.slice(0, 1000)) for (const k of Object.keys(f.properties)) keys.add(k);
  return [...keys];
}

/** Guesses which properties hold the code, name, level and parent. */
export function proposeGridMapping(file: GridFile): GridPropertyMapping | null {
  const keys = gridProperties(file);
  const sample = file.features.slice(0, 50);
  const is15 = (k: string) => sample.filter((f) => /^\d{15}$/.test(String(f.properties[k] ?? ''))).length;
  const byName = (re: RegExp) => keys.find((k) => re.test(k)) ?? null;
  const code = [...keys].sort((a, b) => is15(b) - is15(a)).find((k) => is15(k) > 0) ?? byName(/code|编码|bm/i);
  const parentCandidates = keys.filter((k) => k !== code && /parent|上级|父|sjbm/i.test(k));
  const name = byName(/^(name|名称|mc|网格名称|grid_?name)$/i) ?? byName(/name|名称/i);
  if (!code || !name) return null;
  return { code, name, level: byName(/^(level|级别|层级|jb)$/i), parent: parentCandidates[0] ?? null };
}

function text(v: unknown): string {
  return v === null || v === undefined ? '' : String(v).trim();
}

function derivedLevel(code: string): 1 | 2 | 3 {
  if (code.slice(6) === '000000000') return 1;
  if (code.slice(9) === '000000') return 2;
  return 3;
}

function derivedParent(code: string, level: number): string | null {
  if (level === 1) return null;
  if (level === 2) return `${code.slice(0, 6)}000000000`;
  return `${code.slice(0, 9)}000000`;
}

function parseLevel(v: string): 1 | 2 | 3 | null {
  if (['1', '区', '区县', 'district'].includes(v)) return 1;
  if (['2', '街道', '乡镇', 'street'].includes(v)) return 2;
  if (['3', '社区', '网格', '社区网格', 'grid', 'community'].includes(v)) return 3;
  return null;
}

type Pair = [number, number];

function toPolygons(geometry: GridFeature['geometry']): Pair[][][] | null {
  if (!geometry) return null;
  if (geometry.type === 'Polygon' && Array.isArray(geometry.coordinates)) return [geometry.coordinates as Pair[][]];
  if (geometry.type === 'MultiPolygon' && Array.isArray(geometry.coordinates)) return geometry.coordinates as Pair[][][];
  return null;
}

const round = (p: Pair): Pair => [Math.round(p[0] * 1e8) / 1e8, Math.round(p[1] * 1e8) / 1e8];

function bboxOf(polygons: Pair[][][]): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const poly of polygons) {
    for (const [x, y] of poly[0] ?? []) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

const mpArea = (mp: MultiPolygon): number => (mp.length === 0 ? 0 : area({ type: 'MultiPolygon', coordinates: mp }));

/** A point well inside a piece: the centroid of its outer ring, or its first vertex if that falls outside. */
function pieceLocation(poly: PcPolygon): [number, number] {
  const ring = poly[0]!;
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[i + 1]!;
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  if (a === 0) return [ring[0]![0], ring[0]![1]];
  return [Math.round((cx / (3 * a)) * 1e6) / 1e6, Math.round((cy / (3 * a)) * 1e6) / 1e6];
}

function pieces(mp: MultiPolygon): { areaM2: number; location: [number, number] }[] {
  return mp
    .map((poly) => ({ areaM2: area({ type: 'Polygon', coordinates: poly }), location: pieceLocation(poly) }))
    .filter((p) => p.areaM2 >= MIN_REPORTED_M2)
    .sort((a, b) => b.areaM2 - a.areaM2);
}

const m2 = (v: number) => (v >= 10_000 ? `${(v / 1_000_000).toFixed(3)} 平方公里` : `${Math.round(v)} 平方米`);

export interface GridValidation {
  drafts: GridDraft[];
  issues: GridIssue[];
}

export function validateGridFile(file: GridFile, mapping: GridPropertyMapping, crs: CoordinateSystem, existingCodes: ReadonlySet<string> = new Set()): GridValidation {
  const issues: GridIssue[] = [];
  const add = (i: Omit<GridIssue, 'areaM2' | 'location'> & Partial<Pick<GridIssue, 'areaM2' | 'location'>>) =>
    issues.push({ areaM2: null, location: null, ...i });
  const drafts: GridDraft[] = [];
  const seen = new Set<string>();
  const mps = new Map<string, MultiPolygon>();

  file.features.forEach((f, index) => {
    const n = index + 1;
    const code = text(f.properties[mapping.code]);
    if (!/^\d{15}$/.test(code)) {
      add({ kind: 'invalid-code', severity: 'error', codes: code ? [code] : [], message: `第 ${n} 个要素的网格编码「${code.slice(0, 30)}」不是 15 位数字` });
      return;
    }
    if (seen.has(code)) {
      add({ kind: 'duplicate-code', severity: 'error', codes: [code], message: `网格编码 ${code} 出现了不止一次（第 ${n} 个要素）` });
      return;
    }
    seen.add(code);
    const name = text(f.properties[mapping.name]).slice(0, 100);
    if (!name) add({ kind: 'missing-name', severity: 'error', codes: [code], message: `网格 ${code} 没有名称（属性「${mapping.name}」为空）` });
    const levelText = mapping.level ? text(f.properties[mapping.level]) : '';
    const level = levelText ? parseLevel(levelText) : derivedLevel(code);
    if (level === null) {
      add({ kind: 'invalid-level', severity: 'error', codes: [code], message: `网格 ${code} 的级别「${levelText}」无法识别：应为 1（区）、2（街道）或 3（社区网格）` });
      return;
    }
    const parentText = mapping.parent ? text(f.properties[mapping.parent]) : '';
    const parentCode = level === 1 ? null : parentText || derivedParent(code, level);
    const raw = toPolygons(f.geometry);
    if (!raw) {
      add({ kind: 'invalid-geometry', severity: 'error', codes: [code], message: `网格 ${code}（${name}）不是面（Polygon/MultiPolygon），而是 ${f.geometry?.type ?? '空几何'}` });
      return;
    }
    let ok = true;
    const polygons: Pair[][][] = raw.map((poly) =>
      poly.map((ring) => {
        const pts = (Array.isArray(ring) ? ring : [])
          .filter((p) => Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]))
          .map((p) => round(toWgs84(p[0], p[1], crs) as Pair));
        if (pts.length >= 3) {
          const [first, last] = [pts[0]!, pts[pts.length - 1]!];
          if (first[0] !== last[0] || first[1] !== last[1]) pts.push(first);
        }
        if (pts.length < 4) {
          ok = false;
          add({ kind: 'invalid-ring', severity: 'error', codes: [code], message: `网格 ${code}（${name}）有一个环少于 3 个不同的顶点` });
          return pts;
        }
        const crossing = selfCrossing(pts);
        if (crossing) {
          ok = false;
          add({ kind: 'invalid-ring', severity: 'error', codes: [code], message: `网格 ${code}（${name}）的边界自相交`, location: crossing });
        }
        return pts;
      }),
    );
    if (!ok) return;
    const lonOk = polygons.every((p) => p.every((r) => r.every(([x, y]) => x >= 73 && x <= 136 && y >= 3 && y <= 54)));
    if (!lonOk) {
      add({ kind: 'invalid-geometry', severity: 'error', codes: [code], message: `网格 ${code}（${name}）的坐标不在中国范围内：请检查坐标系或 .prj 文件` });
      return;
    }
    const geometry: GridGeometry = polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
    const mp: MultiPolygon = polygons as MultiPolygon;
    mps.set(code, mp);
    drafts.push({ code, name: name || code, level, parentCode, geometry, bbox: bboxOf(polygons), areaM2: Math.round(area(geometry)) });
  });

  const byCode = new Map(drafts.map((d) => [d.code, d]));
  const districts = drafts.filter((d) => d.level === 1);
  if (districts.length === 0 && drafts.length > 0 && !drafts.every((d) => d.parentCode && existingCodes.has(d.parentCode))) {
    add({ kind: 'missing-district', severity: 'error', codes: [], message: '文件中没有区级（第一级）网格' });
  }
  if (districts.length > 1) {
    add({ kind: 'missing-district', severity: 'error', codes: districts.map((d) => d.code), message: `文件中有 ${districts.length} 个区级网格：只能有一个` });
  }
  for (const d of drafts) {
    if (d.parentCode === null) continue;
    const parent = byCode.get(d.parentCode);
    if (!parent && !existingCodes.has(d.parentCode)) {
      add({ kind: 'missing-parent', severity: 'error', codes: [d.code], message: `${LEVEL_NAMES[d.level]} ${d.code}（${d.name}）的上级 ${d.parentCode} 不在文件中` });
    } else if (parent && parent.level !== d.level - 1) {
      add({ kind: 'missing-parent', severity: 'error', codes: [d.code, parent.code], message: `${d.code}（${d.name}）的上级 ${parent.code} 是${LEVEL_NAMES[parent.level]}，应为${LEVEL_NAMES[(d.level - 1) as 1 | 2]}` });
    }
  }

  // Geometry against parent and siblings.
  const children = new Map<string, GridDraft[]>();
  for (const d of drafts) if (d.parentCode && byCode.has(d.parentCode)) children.set(d.parentCode, [...(children.get(d.parentCode) ?? []), d]);
  const severityFor = (a: number): 'error' | 'warning' => (a > SLIVER_M2 ? 'error' : 'warning');
  for (const [parentCode, kids] of children) {
    const parent = byCode.get(parentCode)!;
    const parentMp = mps.get(parentCode)!;
    for (const kid of kids) {
      const outside = polygonClipping.difference(mps.get(kid.code)!, parentMp);
      const outsideArea = mpArea(outside);
      if (outsideArea >= MIN_REPORTED_M2) {
        const where = pieces(outside)[0];
        add({
          kind: 'outside-parent',
          severity: severityFor(outsideArea),
          codes: [kid.code, parent.code],
          message: `${kid.code}（${kid.name}）有 ${m2(outsideArea)}在上级「${parent.name}」之外`,
          areaM2: Math.round(outsideArea),
          location: where?.location ?? null,
        });
      }
    }
    for (let i = 0; i < kids.length; i++) {
      for (let j = i + 1; j < kids.length; j++) {
        const a = kids[i]!;
        const b = kids[j]!;
        if (a.bbox[0] > b.bbox[2] || b.bbox[0] > a.bbox[2] || a.bbox[1] > b.bbox[3] || b.bbox[1] > a.bbox[3]) continue;
        const overlap = polygonClipping.intersection(mps.get(a.code)!, mps.get(b.code)!);
        const overlapArea = mpArea(overlap);
        if (overlapArea >= MIN_REPORTED_M2) {
          add({
            kind: 'overlap',
            severity: severityFor(overlapArea),
            codes: [a.code, b.code],
            message: `「${a.name}」与「${b.name}」重叠 ${m2(overlapArea)}`,
            areaM2: Math.round(overlapArea),
            location: pieces(overlap)[0]?.location ?? null,
          });
        }
      }
    }
    const covered = polygonClipping.union(mps.get(kids[0]!.code)!, ...kids.slice(1).map((k) => mps.get(k.code)!));
    for (const gap of pieces(polygonClipping.difference(parentMp, covered))) {
      add({
        kind: 'gap',
        severity: severityFor(gap.areaM2),
        codes: [parent.code],
        message: `「${parent.name}」内有 ${m2(gap.areaM2)}未被任何下级网格覆盖（缝隙）`,
        areaM2: Math.round(gap.areaM2),
        location: gap.location,
      });
    }
  }
  return { drafts, issues };
}

interface FkRef {
  table: string;
  column: string;
}

/** Every column in the database that refers to grids(id). */
function gridReferences(db: Db): FkRef[] {
  return db
    .prepare(
      `SELECT m.name AS "table", f."from" AS "column" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
       WHERE m.type = 'table' AND f."table" = 'grids' AND m.name <> 'grids'`,
    )
    .all() as FkRef[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Checks the drafts against the database and, unless dryRun, replaces the grids and re-locates the
 * cases, all in one transaction (rolled back on a dry run).
 */
export function applyGrids(
  db: Db,
  input: { file: GridFile; fileName: string; mapping: GridPropertyMapping; crs: CoordinateSystem; dryRun: boolean; now: number; operatorName?: string | undefined; operatorId?: number | null | undefined },
): GridImportResult {
  const existing = db.prepare(`SELECT id, code FROM grids`).all() as { id: number; code: string }[];
  const existingCodes = new Set(existing.map((g) => g.code));
  const { drafts, issues } = validateGridFile(input.file, input.mapping, input.crs, existingCodes);
  const result: GridImportResult = {
    dryRun: input.dryRun,
    fileName: input.fileName,
    format: input.file.format,
    features: input.file.features.length,
    counts: {
      districts: drafts.filter((d) => d.level === 1).length,
      streets: drafts.filter((d) => d.level === 2).length,
      grids: drafts.filter((d) => d.level === 3).length,
    },
    issues,
    errorCount: 0,
    warningCount: 0,
    applied: false,
    added: 0,
    updated: 0,
    removed: 0,
    incidentsMoved: 0,
    incidentsOutside: 0,
    moves: [],
  };
  if (drafts.length === 0 && issues.length === 0) {
    issues.push({ kind: 'invalid-geometry', severity: 'error', codes: [], message: '文件中没有任何要素', areaM2: null, location: null });
  }
  const finish = () => {
    result.errorCount = issues.filter((i) => i.severity === 'error').length;
    result.warningCount = issues.length - result.errorCount;
    return result;
  };
  if (issues.some((i) => i.severity === 'error')) return finish();

  db.exec('BEGIN IMMEDIATE');
  try {
    const idByCode = new Map(existing.map((g) => [g.code, g.id]));
    const update = db.prepare(
      `UPDATE grids SET parent_id = ?, level = ?, name = ?, geometry = ?, min_lon = ?, min_lat = ?, max_lon = ?, max_lat = ?, area_m2 = ?, updated_at = ? WHERE id = ?`,
    );
    const insert = db.prepare(
      `INSERT INTO grids (code, parent_id, level, name, geometry, min_lon, min_lat, max_lon, max_lat, area_m2, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const d of [...drafts].sort((a, b) => a.level - b.level || (a.code < b.code ? -1 : 1))) {
      const parentId = d.parentCode === null ? null : idByCode.get(d.parentCode)!;
      const id = idByCode.get(d.code);
      const values = [parentId, d.level, d.name, JSON.stringify(d.geometry), ...d.bbox, d.areaM2, input.now] as const;
      if (id !== undefined) {
        update.run(...values, id);
        result.updated++;
      } else {
        idByCode.set(d.code, Number(insert.run(d.code, parentId, d.level, d.name, JSON.stringify(d.geometry), ...d.bbox, d.areaM2, input.now, input.now).lastInsertRowid));
        result.added++;
      }
    }

    // Re-locate every case with a location against the new community grids.
    const index = GridIndex.load(db);
    const codeById = new Map(existing.map((g) => [g.id, g.code]));
    for (const [code, id] of idByCode) codeById.set(id, code);
    const move = db.prepare(`UPDATE incidents SET grid_id = ?, version = version + 1, updated_at = ? WHERE id = ?`);
    const actor = input.operatorName ?? '网格边界导入';
    const page = db.prepare(
      `SELECT id, case_no, grid_id, lon, lat, status FROM incidents WHERE id > ? AND lon IS NOT NULL AND lat IS NOT NULL ORDER BY id LIMIT 10000`,
    );
    for (let after = 0; ; ) {
      const cases = page.all(after) as { id: number; case_no: string; grid_id: number | null; lon: number; lat: number; status: string }[];
      if (cases.length === 0) break;
      after = cases[cases.length - 1]!.id;
      for (const c of cases) {
        const g = index.locate(c.lon, c.lat);
        if (!g) {
          result.incidentsOutside++;
          continue;
        }
        if (g.id === c.grid_id) continue;
        const fromCode = c.grid_id === null ? null : (codeById.get(c.grid_id) ?? null);
        move.run(g.id, input.now, c.id);
        appendEvent(db, {
          incidentId: c.id,
          at: input.now,
          operatorId: input.operatorId ?? null,
          actorName: actor,
          action: 'regrid',
          fromStatus: c.status as IncidentStatus,
          toStatus: c.status as IncidentStatus,
          note: `网格边界更新：所属网格由 ${fromCode ?? '无'} 调整为 ${g.code}（${g.name}）`,
          data: { fromCode, toCode: g.code, file: input.fileName },
        });
        result.incidentsMoved++;
        if (result.moves.length < 1000) result.moves.push({ incidentId: c.id, caseNo: c.case_no, fromCode, toCode: g.code } satisfies GridMove);
      }
    }

    // Grids no longer in the file: removed when nothing refers to them any more.
    const kept = new Set(drafts.map((d) => d.code));
    const gone = existing.filter((g) => !kept.has(g.code)).sort((a, b) => (a.code < b.code ? 1 : -1));
    const refs = gridReferences(db);
    for (const g of gone) {
      const uses = refs
        .map((r) => ({ r, n: db.prepare(`SELECT count(*) FROM ${quote(r.table)} WHERE ${quote(r.column)} = ?`).pluck().get(g.id) as number }))
        .filter((u) => u.n > 0 && !(u.r.table === 'grids'));
      if (uses.length > 0) {
        issues.push({
          kind: 'removed-grid-in-use',
          severity: 'error',
          codes: [g.code],
          message: `原网格 ${g.code} 不在新文件中，但仍被使用（${uses.map((u) => `${u.r.table} ${u.n} 条`).join('、')}）：请在新文件中保留该编码，或先调整相关记录`,
          areaM2: null,
          location: null,
        });
        continue;
      }
      db.prepare(`DELETE FROM grids WHERE id = ?`).run(g.id);
      result.removed++;
    }
    if (issues.some((i) => i.severity === 'error') || input.dryRun) {
      db.exec('ROLLBACK');
      if (input.dryRun) {
        result.moves = result.moves.slice(0, 1000);
      } else {
        result.added = result.updated = result.removed = result.incidentsMoved = 0;
        result.moves = [];
      }
      return finish();
    }
    logSettingsChange(
      db,
      { operatorId: input.operatorId ?? null, name: actor },
      {
        action: 'grids.import',
        target: `网格边界（${input.fileName}）`,
        before: { grids: existing.length },
        after: { added: result.added, updated: result.updated, removed: result.removed, incidentsMoved: result.incidentsMoved, mapping: input.mapping, crs: input.crs },
      },
      input.now,
    );
    db.exec('COMMIT');
    result.applied = true;
    return finish();
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (e instanceof AppError) throw e;
    throw new AppError('internal', `网格替换失败，数据库未作修改：${e instanceof Error ? e.message : String(e)}`);
  }
}
