/**
 * The field-log import: every row read, validated, converted and located, then written with
 * prepared statements inside ONE transaction (BEGIN IMMEDIATE … COMMIT): a failure or a cancel rolls
 * everything back, so the database is as before. Every row ends accepted, rejected (row, field,
 * reason, original cells kept) or duplicate (its identity is already in the database or earlier in
 * the file): accepted + rejected + duplicates = rows read.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import type { Db } from '../open';
import { toWgs84 } from '../geo';
import { storeAttachment } from '../queries/attachments';
import { requireOperator } from '../queries/operators';
import type { CoordinateSystem } from '../types';
import { OPEN_STATUSES_SQL } from '../sql';
import { CategoryLookup } from './categoryLookup';
import { FIELD_LABELS, missingRequired, proposeMapping } from './fields';
import { GridIndex, haversineM, insideFraction } from './gridIndex';
import type { GpxTrack } from './gpx';
import { NearDuplicateIndex } from './nearDuplicates';
import { suspendIndexes, type SuspendedIndexes } from './bulkMode';
import { DailyAccumulator, pauseDailyStats } from '../stats/daily';
import { openSource, type RowSource, type SourceRow } from './source';
import type { FieldMapping, ImportField, ImportReadOptions, ImportResult, RowIssue } from './types';
import { IMPORT_FIELDS } from './types';
import { checkCoordinates, formatShanghai, looksLikeFormula, parseCoordinate, parseDateTime, parseRowStatus } from './values';

export interface ImportParams {
  /** The file on disk. */
  file: string;
  /** The name shown to people (the original name of an uploaded file). */
  fileName: string;
  read?: ImportReadOptions;
  /** field → header; default: recognised from the headers. */
  mapping?: FieldMapping | undefined;
  crs: CoordinateSystem;
  dryRun?: boolean | undefined;
  operatorId?: number | null | undefined;
  /** Folder that photo names are relative to; null when the file came without its folder. */
  photoDir: string | null;
  /** Where photos are stored by content hash. */
  attachmentsDir: string;
  now: number;
  /** Rows per read batch. */
  batchSize?: number;
  /** Rebuild indexes at the end (default: when the file is large against the table). */
  bulk?: boolean | undefined;
  /** Testing: throw after this many rows, inside the transaction. */
  failAfterRows?: number;
}

export interface ImportProgress {
  rowsRead: number;
  bytesRead: number;
  totalBytes: number;
}

export interface ImportHooks {
  onProgress?: (p: ImportProgress) => void;
  isCancelled?: () => boolean;
}

/** Page cache during an import (KiB): index pages stay in memory; larger buys little and costs memory. */
export const IMPORT_CACHE_KIB = 65_536;

/** Below this many rows an import always maintains the indexes row by row. */
const BULK_MIN_ROWS = 20_000;

/** How many errors and warnings a result carries; all of them stay in import_issues. */
export const ISSUE_LIMIT = 1000;

export class ImportCancelled extends Error {
  constructor() {
    super('导入已取消，数据库未作任何修改');
    this.name = 'ImportCancelled';
  }
}

type Columns = Partial<Record<ImportField, number>>;

function resolveColumns(mapping: FieldMapping, headers: readonly string[]): Columns {
  const columns: Columns = {};
  for (const field of IMPORT_FIELDS) {
    const header = mapping[field];
    if (header === undefined || header === '') continue;
    const index = headers.indexOf(header);
    if (index < 0) {
      throw new AppError('invalid-input', `对应关系中的列「${header}」（${FIELD_LABELS[field]}）不在文件表头中：${headers.slice(0, 20).join('、')}`);
    }
    columns[field] = index;
  }
  return columns;
}

export function effectiveMapping(source: RowSource, mapping: FieldMapping | undefined): FieldMapping {
  return { ...(mapping ?? proposeMapping(source.headers)), ...(mapping ? {} : source.impliedMapping) };
}

export async function runImport(db: Db, params: ImportParams, hooks: ImportHooks = {}): Promise<ImportResult> {
  const started = Date.now();
  const source = await openSource(params.file, params.fileName, params.read);
  const cache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  try {
    return await importFrom(db, source, params, hooks, started);
  } finally {
    db.pragma(`cache_size = ${cache}`);
    source.close();
  }
}

async function importFrom(db: Db, source: RowSource, params: ImportParams, hooks: ImportHooks, started: number): Promise<ImportResult> {
  const { now, crs } = params;
  const mapping = effectiveMapping(source, params.mapping);
  const columns = resolveColumns(mapping, source.headers);
  const hasRows = source.format !== 'gpx' || source.headers.length > 0;
  const missing = missingRequired(mapping);
  if (hasRows && missing.length > 0 && !(source.format === 'gpx' && source.tracks.length > 0)) {
    throw new AppError('invalid-input', `缺少必需的列：${missing.map((f) => FIELD_LABELS[f]).join('、')}。请在预览中为它们选择对应的列`);
  }
  const grids = GridIndex.load(db);
  if (grids.size === 0) throw new AppError('invalid-input', '数据库中还没有社区网格：请先导入网格边界或载入演示城区');
  const gridByCode = new Map(grids.grids.map((g) => [g.code, g]));
  const categories = new CategoryLookup(db);
  const operator = params.operatorId != null ? requireOperator(db, params.operatorId) : null;
  if (operator?.role === 'manager') throw new AppError('forbidden', '领导账号只能查看，不能导入案件');
  const actor = operator?.name ?? '批量导入';
  const center = grids.grids[0]!.bbox;
  const near = new NearDuplicateIndex((center[1] + center[3]) / 2);

  const errors: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  let errorCount = 0;
  let warningCount = 0;
  let total = 0;
  let accepted = 0;
  let rejected = 0;
  let duplicates = 0;
  let nearDuplicates = 0;
  let patrols = 0;
  let photos = 0;

  db.exec('BEGIN IMMEDIATE');
  let committed = false;
  try {
    const batchId = Number(
      db
        .prepare(
          `INSERT INTO import_batches (file_name, format, source_crs, operator_id, started_at, status, report)
           VALUES (?, ?, ?, ?, ?, 'running', ?)`,
        )
        .run(params.fileName, source.format, crs, operator?.id ?? null, now, JSON.stringify({ mapping, encoding: source.encoding, sheet: source.sheet, headers: source.headers }))
        .lastInsertRowid,
    );
    const insertIssue = db.prepare(`INSERT INTO import_issues (batch_id, row_no, severity, field, reason, cells) VALUES (?, ?, ?, ?, ?, ?)`);
    const issue = (severity: 'error' | 'warning', row: number, field: ImportField | string | null, reason: string, cells: string[] | null) => {
      const label = field && field in FIELD_LABELS ? FIELD_LABELS[field as ImportField] : field;
      const text = reason.length > 500 ? `${reason.slice(0, 497)}…` : reason;
      insertIssue.run(batchId, row, severity, label, text, cells ? JSON.stringify(cells) : null);
      const item = { row, field: label, reason: text };
      if (severity === 'error') {
        if (errorCount++ < ISSUE_LIMIT) errors.push(item);
      } else if (warningCount++ < ISSUE_LIMIT) warnings.push(item);
    };
    for (const note of source.notes) issue('warning', 0, null, note, null);

    // A large import rebuilds the secondary indexes at the end instead of updating them row by row.
    const existingCases = db.prepare(`SELECT max(id) FROM incidents`).pluck().get() as number | null;
    const firstId = (existingCases ?? 0) + 1;
    const useBulk = params.bulk ?? source.estimatedRows >= Math.max(BULK_MIN_ROWS, (existingCases ?? 0) / 2);
    const suspended: SuspendedIndexes | null = useBulk ? suspendIndexes(db, ['incidents', 'incident_events'], 'incidents') : null;
    // The daily statistics get the batch's cases in one statement at the end rather than row by row.
    if (useBulk) pauseDailyStats(db, true);
    const daily = useBulk ? new DailyAccumulator() : null;

    const insertIncident = db.prepare(
      `INSERT INTO incidents (case_no, category_id, description, address, lon, lat, source_crs, source_lon, source_lat,
         grid_id, source, reporter, status, priority, reported_at, handled_at, is_fixed_on_spot, import_batch_id,
         external_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'import', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (external_id) WHERE external_id IS NOT NULL DO NOTHING`,
    );
    const insertEvent = db.prepare(
      `INSERT INTO incident_events (incident_id, at, operator_id, actor_name, action, from_status, to_status, note, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const maxCaseNo = db.prepare(`SELECT max(case_no) FROM incidents WHERE case_no >= ? AND case_no < ?`).pluck();
    const linkPhoto = db.prepare(
      `INSERT OR IGNORE INTO incident_attachments (incident_id, attachment_id, stage, added_at) VALUES (?, ?, 'report', ?)`,
    );
    const caseSeq = new Map<number, { prefix: string; next: number }>();
    const nextCaseNo = (reportedAt: number): string => {
      const day = Math.floor((reportedAt + 8 * 3_600_000) / 86_400_000);
      let s = caseSeq.get(day);
      if (!s) {
        const prefix = formatShanghai(reportedAt).slice(0, 10).replace(/-/g, '');
        const last = maxCaseNo.get(`${prefix}00000`, `${prefix}99999~`) as string | null;
        s = { prefix, next: last ? Number(last.slice(8, 13)) + 1 : 1 };
        caseSeq.set(day, s);
      }
      if (s.next > 99999) throw new AppError('conflict', `${s.prefix} 当日案件编号已用尽`);
      return `${s.prefix}${String(s.next).padStart(5, '0')}`;
    };
    for (const r of db
      .prepare(
        `SELECT id, case_no, category_id, lon, lat, reported_at FROM incidents
         WHERE status IN ${OPEN_STATUSES_SQL} AND duplicate_of IS NULL AND lon IS NOT NULL AND reported_at >= ?`,
      )
      .iterate(now - 400 * 86_400_000) as Iterable<{ id: number; case_no: string; category_id: number; lon: number; lat: number; reported_at: number }>) {
      near.add(r.category_id, { id: r.id, caseNo: r.case_no, t: r.reported_at, lon: r.lon, lat: r.lat });
    }

    const get = (cells: string[], field: ImportField): string => {
      const i = columns[field];
      return i === undefined ? '' : (cells[i] ?? '');
    };
    const photoNote = `导入批次 #${batchId}（${params.fileName}）`;
    let lastProgress = 0;

    const handleRow = (src: SourceRow): void => {
      total++;
      const { cells, row } = src;
      const reject = (field: ImportField | string | null, reason: string) => {
        rejected++;
        issue('error', row, field, reason, cells);
      };
      if (src.error) return reject(src.error.field, src.error.reason);
      const rowWarnings: [string | null, string][] = (src.warnings ?? []).map((w) => [null, w]);

      const when = parseDateTime(get(cells, 'reportedAt'), now);
      if (!when.ok) return reject('reportedAt', when.reason);
      const cat = categories.resolve(get(cells, 'category'));
      if (!cat.ok) return reject('category', cat.reason);

      const lonText = get(cells, 'lon').trim();
      const latText = get(cells, 'lat').trim();
      const gridText = get(cells, 'gridCode').trim();
      let lon: number | null = null;
      let lat: number | null = null;
      let sourceLon: number | null = null;
      let sourceLat: number | null = null;
      let gridId: number | null = null;
      if (lonText !== '' || latText !== '') {
        if (lonText === '' || latText === '') return reject(lonText === '' ? 'lon' : 'lat', '经度和纬度必须同时填写');
        const x = parseCoordinate(lonText, '经度');
        if (!x.ok) return reject('lon', x.reason);
        const y = parseCoordinate(latText, '纬度');
        if (!y.ok) return reject('lat', y.reason);
        const checked = checkCoordinates(x.value, y.value);
        if (!checked.ok) return reject(checked.field, checked.reason);
        if (checked.swapped) rowWarnings.push(['lon', `经度与纬度填反了（${x.value}, ${y.value}），已交换`]);
        sourceLon = checked.lon;
        sourceLat = checked.lat;
        [lon, lat] = toWgs84(checked.lon, checked.lat, crs);
        const g = grids.locate(lon, lat);
        if (!g) {
          return reject(
            'lon',
            `位置（${sourceLon}, ${sourceLat}，${CRS_LABELS[crs]}）不在本区任何社区网格内：请核对坐标和所选坐标系`,
          );
        }
        gridId = g.id;
        if (gridText !== '' && gridText !== g.code) {
          return reject('gridCode', `网格编码 ${gridText} 与位置所在网格 ${g.code}（${g.name}）不一致`);
        }
      } else if (gridText !== '') {
        const g = gridByCode.get(gridText);
        if (!g) return reject('gridCode', /^\d{15}$/.test(gridText) ? `社区网格 ${gridText} 不存在` : `网格编码「${gridText.slice(0, 30)}」应为 15 位数字`);
        gridId = g.id;
      } else {
        return reject('lon', '缺少位置：请填写经纬度或网格编码');
      }

      const status = parseRowStatus(get(cells, 'status'));
      if (!status.ok) return reject('status', status.reason);
      let description = get(cells, 'description').trim();
      const address = get(cells, 'address').trim();
      const reporter = get(cells, 'reporter').trim();
      if (description === '') {
        description = address ? `${cat.category.name}（${address}）` : cat.category.name;
        rowWarnings.push(['description', '没有问题描述：以类别名称代替']);
      }
      if (description.length > 2000 && [...description].length > 2000) {
        return reject('description', `问题描述过长：最多 2000 个字，此行有 ${[...description].length} 个字`);
      }
      if (address.length > 200 && [...address].length > 200) return reject('address', `地址过长：最多 200 个字，此行有 ${[...address].length} 个字`);
      if (reporter.length > 50 && [...reporter].length > 50) return reject('reporter', `巡查员姓名过长：最多 50 个字`);
      for (const [field, text] of [['description', description], ['address', address], ['reporter', reporter]] as const) {
        if (looksLikeFormula(text)) rowWarnings.push([field, `内容以「${text[0]}」开头，像表格公式：已按普通文字保存，不会执行`]);
      }

      const recordId = get(cells, 'recordId').trim();
      if (recordId.length > 200) return reject('recordId', '编号过长：最多 200 个字符');
      const externalId =
        recordId !== ''
          ? recordId
          : `sha256:${crypto
              .createHash('sha256')
              .update(`${when.value}\u001f${sourceLon ?? ''}\u001f${sourceLat ?? ''}\u001f${gridId}\u001f${cat.category.id}\u001f${description}\u001f${address}\u001f${reporter}`)
              .digest('base64url')}`;

      const statusValue = status.value.fixedOnSpot ? 'handled' : 'reported';
      const caseNo = nextCaseNo(when.value);
      const result = insertIncident.run(
        caseNo,
        cat.category.id,
        description,
        address || null,
        lon,
        lat,
        crs,
        sourceLon,
        sourceLat,
        gridId,
        reporter || null,
        statusValue,
        cat.category.isUrgent ? 'urgent' : 'normal',
        when.value,
        status.value.fixedOnSpot ? when.value : null,
        status.value.fixedOnSpot ? 1 : 0,
        batchId,
        externalId,
        now,
        now,
      );
      if (result.changes === 0) {
        duplicates++;
        return;
      }
      caseSeq.get(Math.floor((when.value + 8 * 3_600_000) / 86_400_000))!.next++;
      accepted++;
      const incidentId = Number(result.lastInsertRowid);
      daily?.add({
        reported_at: when.value,
        registered_at: null,
        closed_at: null,
        due_at: null,
        dispatched_at: null,
        status: statusValue,
        duplicate_of: null,
        grid_id: gridId,
        category_id: cat.category.id,
        assignee_id: null,
        rework_count: 0,
        extension_count: 0,
        is_fixed_on_spot: status.value.fixedOnSpot ? 1 : 0,
      });
      if (lon !== null && lat !== null) {
        const match = near.nearest(cat.category.id, lon, lat, when.value);
        if (match) {
          nearDuplicates++;
          const note = `疑似重复：与案件 ${match.caseNo} 相距 ${Math.round(match.distanceM)} 米，同为「${cat.category.name}」，请核实后关联`;
          // One millisecond after the report event, which is written for the whole batch at the end.
          insertEvent.run(incidentId, now + 1, operator?.id ?? null, actor, 'flag_duplicate', statusValue, statusValue, note,
            JSON.stringify({ candidateId: match.id, distanceM: Math.round(match.distanceM * 10) / 10, batchId }));
          rowWarnings.push([null, note]);
        }
        if (!status.value.fixedOnSpot) near.add(cat.category.id, { id: incidentId, caseNo, t: when.value, lon, lat });
      }
      const photoText = get(cells, 'photos').trim();
      if (photoText !== '') {
        for (const name of photoText.split(/\s*[;；|]\s*/).filter(Boolean)) {
          const outcome = copyPhoto(db, params, name, now);
          if (outcome.ok) {
            linkPhoto.run(incidentId, outcome.id, now);
            photos++;
          } else rowWarnings.push(['photos', outcome.reason]);
        }
      }
      for (const [field, text] of rowWarnings) issue('warning', row, field, text, null);
    };

    for await (const batch of source.batches(params.batchSize ?? 2000)) {
      for (const row of batch) {
        handleRow(row);
        if (params.failAfterRows !== undefined && total >= params.failAfterRows) {
          throw new AppError('internal', `测试：在第 ${total} 行处中断`);
        }
      }
      if (hooks.isCancelled?.()) throw new ImportCancelled();
      const t = Date.now();
      if (hooks.onProgress && t - lastProgress >= 100) {
        lastProgress = t;
        hooks.onProgress({ rowsRead: total, bytesRead: source.bytesRead(), totalBytes: source.totalBytes });
      }
    }
    if (total === 0 && source.tracks.length === 0) {
      issue('warning', 0, null, source.format === 'gpx' ? 'GPX 文件中没有航点和轨迹' : '文件只有表头，没有数据行', null);
    }

    // GPX tracks → patrols, each counted as one row.
    if (source.tracks.length > 0) {
      const inspector = source.gpxAuthor.trim();
      const personByName = db.prepare(`SELECT id FROM persons WHERE name = ? AND is_active = 1`).pluck();
      const insertPatrol = db.prepare(
        `INSERT INTO patrols (batch_id, external_id, inspector, person_id, started_at, ended_at, length_m, point_count, source_crs, geometry, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (external_id) DO NOTHING`,
      );
      const insertLength = db.prepare(`INSERT INTO patrol_grid_lengths (patrol_id, grid_id, length_m) VALUES (?, ?, ?)`);
      for (const track of source.tracks) {
        total++;
        const outcome = buildPatrol(track, crs, grids, inspector);
        if (!outcome.ok) {
          rejected++;
          issue('error', track.number, '轨迹', outcome.reason, null);
          continue;
        }
        const p = outcome.patrol;
        const persons = personByName.all(p.inspector) as number[];
        const r = insertPatrol.run(batchId, p.externalId, p.inspector, persons.length === 1 ? persons[0]! : null, p.startedAt, p.endedAt,
          p.lengthM, p.pointCount, crs, JSON.stringify(p.geometry), now);
        if (r.changes === 0) {
          duplicates++;
          continue;
        }
        accepted++;
        patrols++;
        const patrolId = Number(r.lastInsertRowid);
        for (const [gridId, length] of p.byGrid) if (length > 0.01) insertLength.run(patrolId, gridId, length);
      }
    }

    // Every accepted case's first event, in one statement: who imported it, from which batch.
    db.prepare(
      `INSERT INTO incident_events (incident_id, at, operator_id, actor_name, action, from_status, to_status, note, data)
       SELECT id, @now, @operator, @actor, CASE is_fixed_on_spot WHEN 1 THEN 'fix_on_spot' ELSE 'report' END, NULL, status,
              @note, json_object('batchId', @batch)
       FROM incidents WHERE id >= @first AND import_batch_id = @batch ORDER BY id`,
    ).run({ now, operator: operator?.id ?? null, actor, note: `由${photoNote}导入`, batch: batchId, first: firstId });
    suspended?.restore(firstId);
    if (daily) {
      daily.flush(db);
      pauseDailyStats(db, false);
    }
    db.prepare(
      `UPDATE import_batches SET finished_at = ?, total = ?, accepted = ?, rejected = ?, duplicates = ?, status = 'committed',
         report = json_set(report, '$.nearDuplicates', ?, '$.patrols', ?, '$.photos', ?, '$.warnings', ?) WHERE id = ?`,
    ).run(now + (Date.now() - started), total, accepted, rejected, duplicates, nearDuplicates, patrols, photos, warningCount, batchId);
    if (params.dryRun) db.exec('ROLLBACK');
    else db.exec('COMMIT');
    committed = true;
    const elapsedMs = Date.now() - started;
    hooks.onProgress?.({ rowsRead: total, bytesRead: source.totalBytes, totalBytes: source.totalBytes });
    return {
      batchId: params.dryRun ? null : batchId,
      dryRun: params.dryRun ?? false,
      fileName: params.fileName,
      format: source.format,
      crs,
      total,
      accepted,
      rejected,
      duplicates,
      nearDuplicates,
      patrols,
      photos,
      errors,
      warnings,
      errorCount,
      warningCount,
      elapsedMs,
      rowsPerSecond: elapsedMs > 0 ? Math.round((total * 1000) / elapsedMs) : total,
    };
  } finally {
    if (!committed && db.inTransaction) db.exec('ROLLBACK');
  }
}

export const CRS_LABELS: Readonly<Record<CoordinateSystem, string>> = { wgs84: 'WGS-84', gcj02: 'GCJ-02', bd09: 'BD-09' };

function copyPhoto(db: Db, params: ImportParams, name: string, now: number): { ok: true; id: number } | { ok: false; reason: string } {
  if (params.photoDir === null) return { ok: false, reason: `照片「${name}」未随文件提供（上传的文件不含其所在文件夹）：未导入` };
  const base = path.resolve(params.photoDir);
  const file = path.resolve(base, name);
  if (file !== base && !file.startsWith(base + path.sep)) return { ok: false, reason: `照片「${name}」不在日志所在的文件夹中：未导入` };
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return { ok: false, reason: `照片「${name}」不存在：未导入` };
  try {
    fs.mkdirSync(params.attachmentsDir, { recursive: true });
    const stored = storeAttachment(db, params.attachmentsDir, fs.readFileSync(file), path.basename(name), now);
    return { ok: true, id: stored.id };
  } catch (e) {
    return { ok: false, reason: `照片「${name}」未导入：${e instanceof Error ? e.message : String(e)}` };
  }
}

interface PatrolData {
  externalId: string;
  inspector: string;
  startedAt: number;
  endedAt: number;
  lengthM: number;
  pointCount: number;
  geometry: { type: 'MultiLineString'; coordinates: number[][][] };
  byGrid: Map<number, number>;
}

/** A GPX track as a patrol: WGS-84 line, times, total length and the length inside each grid. */
export function buildPatrol(
  track: GpxTrack,
  crs: CoordinateSystem,
  grids: GridIndex,
  author: string,
): { ok: true; patrol: PatrolData } | { ok: false; reason: string } {
  const label = `第 ${track.number} 条轨迹${track.name ? `「${track.name}」` : ''}`;
  const segments = track.segments
    .map((s) => s.filter((p) => Number.isFinite(p.lon) && Number.isFinite(p.lat) && !(p.lon === 0 && p.lat === 0)))
    .filter((s) => s.length >= 2);
  const points = segments.flat();
  if (points.length < 2) return { ok: false, reason: `${label}少于 2 个有效轨迹点` };
  const times = points.map((p) => p.time).filter((t): t is number => t !== null);
  if (times.length === 0) return { ok: false, reason: `${label}没有时间：无法确定巡查的起止时间` };
  const inspector = (author || track.name || '').trim().slice(0, 50);
  if (!inspector) return { ok: false, reason: `${label}没有巡查员姓名（GPX 的 author 或轨迹名称）` };
  const byGrid = new Map<number, number>();
  let lengthM = 0;
  const coordinates: number[][][] = [];
  for (const s of segments) {
    const line = s.map((p) => toWgs84(p.lon, p.lat, crs));
    coordinates.push(line.map(([x, y]) => [Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7]));
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1]!;
      const b = line[i]!;
      const d = haversineM(a, b);
      if (d === 0) continue;
      lengthM += d;
      for (const g of grids.segmentCandidates(a, b)) {
        const f = insideFraction(g.polygons, a, b);
        if (f > 0) byGrid.set(g.id, (byGrid.get(g.id) ?? 0) + f * d);
      }
    }
  }
  const externalId = `gpx:${crypto.createHash('sha256').update(JSON.stringify(segments.map((s) => s.map((p) => [p.lon, p.lat, p.time])))).digest('base64url')}`;
  return {
    ok: true,
    patrol: {
      externalId,
      inspector,
      startedAt: Math.min(...times),
      endedAt: Math.max(...times),
      lengthM,
      pointCount: points.length,
      geometry: { type: 'MultiLineString', coordinates },
      byGrid,
    },
  };
}
