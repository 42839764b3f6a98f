/**
 * One field-log row, judged without the database: its cells, the column mapping and the lookups
 * (grids in memory, the category table) give either a candidate case — time, category, location
 * converted to WGS-84 and its community grid, texts, status, identity, photo names and the warnings
 * to record — or a rejection naming the field and the reason (the first problem found, as the
 * import reports it). Writing the candidate is the batch writer's business.
 */
import crypto from 'node:crypto';
import { toWgs84 } from '../geo';
import { CRS_SHORT_LABELS } from '../domain/labels';
import { TEXT_LIMITS } from '../domain/limits';
import type { CoordinateSystem } from '../types';
import type { CategoryResult, ResolvedCategory } from './categoryLookup';
import type { SourceRow } from './source';
import type { ImportField } from './types';
import { checkCoordinates, looksLikeFormula, parseCoordinate, parseDateTime, parseRowStatus } from './values';
import { addWorkingTime, type WorkingCalendar } from '../workingTime';
import { DEMAND_TYPE_LABELS, ORDER_NO_MAX, demandTypeOf, type DemandType } from '../domain/hotline';
import { DAY_MS, HOUR_MS } from '../domain/time';

/** field → the index of its column in the row's cells. */
export type Columns = Partial<Record<ImportField, number>>;

/** A grid as the validator sees it. */
export interface GridRef {
  id: number;
  code: string;
  name: string;
}

/** What a row is judged against; all of it in memory. */
export interface RowContext {
  columns: Columns;
  /** The coordinate system the file's coordinates are in. */
  crs: CoordinateSystem;
  now: number;
  /** Point → the community grid containing it (db/import/gridIndex.ts). */
  grids: { locate(lon: number, lat: number): GridRef | null };
  /** Community grids by their 15-digit code. */
  gridByCode: ReadonlyMap<string, GridRef>;
  categories: { resolve(raw: string): CategoryResult };
  /** Present when the file is the city platform's 12345 export (it has an order number column). */
  hotline?: HotlineRowContext;
}

export interface HotlineRowContext {
  /** The small class of an order whose row names none (or none known); null: such rows are refused. */
  defaultCategory: ResolvedCategory | null;
  /** For a 办理时限 written as a span ("3个工作日"). */
  calendar: WorkingCalendar;
  /** Community grids by name, for a grid column that names the grid instead of giving its code. */
  gridByName: ReadonlyMap<string, GridRef>;
}

/** A 12345 order's own fields, as read from its row. */
export interface CandidateOrder {
  orderNo: string;
  callerName: string | null;
  /** As written (trimmed), however strange; listed masked. */
  callerPhone: string | null;
  platformDueAt: number | null;
  demandType: DemandType | null;
}

/** A warning on an accepted row: the field it is about (or none) and the text. */
export type RowWarning = readonly [field: ImportField | null, text: string];

export interface CandidateCase {
  reportedAt: number;
  category: ResolvedCategory;
  /** WGS-84; null when the row gave only a grid code. */
  lon: number | null;
  lat: number | null;
  /** As in the file (a swapped pair put right), in the file's coordinate system. */
  sourceLon: number | null;
  sourceLat: number | null;
  /** The community grid; null only for a 12345 order left to the supervisor. */
  gridId: number | null;
  description: string;
  /** '' when the row has none. */
  address: string;
  reporter: string;
  fixedOnSpot: boolean;
  /** The row's own record id, or a hash of its content: the same row is never imported twice. */
  externalId: string;
  /** Photo file names from the photos cell, relative to the log's folder. */
  photos: readonly string[];
  warnings: readonly RowWarning[];
  /** A 12345 work order (the case then waits for 签收). */
  hotline?: CandidateOrder;
}

export type RowVerdict = { ok: true; candidate: CandidateCase } | { ok: false; field: ImportField | string | null; reason: string };

const NO_PHOTOS: readonly string[] = Object.freeze([]);

/** Longest record id kept as a row's identity. */
export const RECORD_ID_MAX = 200;

/** Too long for a limit of `max` characters (code points; the length in UTF-16 units is checked first, as it is cheap). */
const tooLong = (text: string, max: number) => text.length > max && [...text].length > max;

const reject = (field: ImportField | string | null, reason: string): RowVerdict => ({ ok: false, field, reason });

/** A row's cells by field, and the warnings its reader already noted (fresh: the verdict may add to them). */
function readRow(src: SourceRow, ctx: RowContext): { get: (field: ImportField) => string; warnings: RowWarning[] } {
  return {
    get: (field) => {
      const i = ctx.columns[field];
      return i === undefined ? '' : (src.cells[i] ?? '');
    },
    warnings: (src.warnings ?? []).map((w) => [null, w]),
  };
}

export function validateRow(src: SourceRow, ctx: RowContext): RowVerdict {
  if (ctx.hotline) return validateOrderRow(src, ctx, ctx.hotline);
  if (src.error) return reject(src.error.field, src.error.reason);
  const { get, warnings } = readRow(src, ctx);

  const when = parseDateTime(get('reportedAt'), ctx.now);
  if (!when.ok) return reject('reportedAt', when.reason);
  const cat = ctx.categories.resolve(get('category'));
  if (!cat.ok) return reject('category', cat.reason);

  const lonText = get('lon').trim();
  const latText = get('lat').trim();
  const gridText = get('gridCode').trim();
  let lon: number | null = null;
  let lat: number | null = null;
  let sourceLon: number | null = null;
  let sourceLat: number | null = null;
  let gridId: number;
  if (lonText !== '' || latText !== '') {
    if (lonText === '' || latText === '') return reject(lonText === '' ? 'lon' : 'lat', '经度和纬度必须同时填写');
    const x = parseCoordinate(lonText, '经度');
    if (!x.ok) return reject('lon', x.reason);
    const y = parseCoordinate(latText, '纬度');
    if (!y.ok) return reject('lat', y.reason);
    const checked = checkCoordinates(x.value, y.value);
    if (!checked.ok) return reject(checked.field, checked.reason);
    if (checked.swapped) warnings.push(['lon', `经度与纬度填反了（${x.value}, ${y.value}），已交换`]);
    sourceLon = checked.lon;
    sourceLat = checked.lat;
    [lon, lat] = toWgs84(checked.lon, checked.lat, ctx.crs);
    const g = ctx.grids.locate(lon, lat);
    if (!g) {
      return reject('lon', `位置（${sourceLon}, ${sourceLat}，${CRS_SHORT_LABELS[ctx.crs]}）不在本区任何社区网格内：请核对坐标和所选坐标系`);
    }
    gridId = g.id;
    if (gridText !== '' && gridText !== g.code) {
      return reject('gridCode', `网格编码 ${gridText} 与位置所在网格 ${g.code}（${g.name}）不一致`);
    }
  } else if (gridText !== '') {
    const g = ctx.gridByCode.get(gridText);
    if (!g) return reject('gridCode', /^\d{15}$/.test(gridText) ? `社区网格 ${gridText} 不存在` : `网格编码「${gridText.slice(0, 30)}」应为 15 位数字`);
    gridId = g.id;
  } else {
    return reject('lon', '缺少位置：请填写经纬度或网格编码');
  }

  const status = parseRowStatus(get('status'));
  if (!status.ok) return reject('status', status.reason);
  let description = get('description').trim();
  const address = get('address').trim();
  const reporter = get('reporter').trim();
  if (description === '') {
    description = address ? `${cat.category.name}（${address}）` : cat.category.name;
    warnings.push(['description', '没有问题描述：以类别名称代替']);
  }
  if (tooLong(description, TEXT_LIMITS.description)) {
    return reject('description', `问题描述过长：最多 ${TEXT_LIMITS.description} 个字，此行有 ${[...description].length} 个字`);
  }
  if (tooLong(address, TEXT_LIMITS.address)) return reject('address', `地址过长：最多 ${TEXT_LIMITS.address} 个字，此行有 ${[...address].length} 个字`);
  if (tooLong(reporter, TEXT_LIMITS.name)) return reject('reporter', `巡查员姓名过长：最多 ${TEXT_LIMITS.name} 个字`);
  for (const [field, text] of [['description', description], ['address', address], ['reporter', reporter]] as const) {
    if (looksLikeFormula(text)) warnings.push([field, `内容以「${text[0]}」开头，像表格公式：已按普通文字保存，不会执行`]);
  }

  const recordId = get('recordId').trim();
  if (recordId.length > RECORD_ID_MAX) return reject('recordId', `编号过长：最多 ${RECORD_ID_MAX} 个字符`);
  const externalId =
    recordId !== ''
      ? recordId
      : `sha256:${crypto
          .createHash('sha256')
          .update(`${when.value}\u001f${sourceLon ?? ''}\u001f${sourceLat ?? ''}\u001f${gridId}\u001f${cat.category.id}\u001f${description}\u001f${address}\u001f${reporter}`)
          .digest('base64url')}`;

  const photoText = get('photos').trim();
  return {
    ok: true,
    candidate: {
      reportedAt: when.value,
      category: cat.category,
      lon,
      lat,
      sourceLon,
      sourceLat,
      gridId,
      description,
      address,
      reporter,
      fixedOnSpot: status.value.fixedOnSpot,
      externalId,
      photos: photoText === '' ? NO_PHOTOS : photoText.split(/\s*[;；|]\s*/).filter(Boolean),
      warnings,
    },
  };
}

/** A 办理时限 as a date and time, or as a span from the call ("3个工作日", "24小时", "2天"). */
function parseDeadline(raw: string, calledAt: number, calendar: WorkingCalendar): { ok: true; value: number } | { ok: false; reason: string } {
  const text = raw.normalize('NFKC').trim();
  const span = /^(\d+(?:\.\d+)?)\s*个?\s*(工作日|工作小时|天|日|小时)$/.exec(text);
  if (span) {
    const n = Number(span[1]);
    if (!(n > 0)) return { ok: false, reason: `办理时限「${raw.slice(0, 40)}」应大于 0` };
    const unit = span[2]!;
    if (unit === '工作日') return { ok: true, value: addWorkingTime(calledAt, n, 'wd', calendar) };
    if (unit === '工作小时') return { ok: true, value: addWorkingTime(calledAt, n, 'wh', calendar) };
    return { ok: true, value: calledAt + Math.round(n * (unit === '小时' ? HOUR_MS : DAY_MS)) };
  }
  const when = parseDateTime(text, Number.MAX_SAFE_INTEGER / 2);
  if (!when.ok) return { ok: false, reason: when.reason.replaceAll('发现时间', '办理时限') };
  if (when.value <= calledAt) return { ok: false, reason: '办理时限早于来电时间' };
  return { ok: true, value: when.value };
}

/**
 * A row of the city platform's 12345 export: the order number is its identity (the same order is never
 * entered twice), the call time its report time; there are usually no coordinates, so the grid comes from a
 * grid column (code or name) or is left to the supervisor with a note on the row.
 */
function validateOrderRow(src: SourceRow, ctx: RowContext, h: HotlineRowContext): RowVerdict {
  if (src.error) return reject(src.error.field, src.error.reason);
  const { get, warnings } = readRow(src, ctx);

  const orderNo = get('orderNo').normalize('NFKC').trim();
  if (orderNo === '') return reject('orderNo', '缺少工单编号');
  if ([...orderNo].length > ORDER_NO_MAX) return reject('orderNo', `工单编号过长：最多 ${ORDER_NO_MAX} 个字符`);
  if (/[\u0000-\u001f\u007f]/.test(orderNo)) return reject('orderNo', '工单编号含有控制字符');
  const when = parseDateTime(get('reportedAt'), ctx.now);
  if (!when.ok) return reject('reportedAt', when.reason.replaceAll('发现时间', '来电时间'));

  let category = h.defaultCategory;
  const categoryText = get('category').trim();
  if (categoryText !== '') {
    const found = ctx.categories.resolve(categoryText);
    if (found.ok) category = found.category;
    else if (category) warnings.push(['category', `${found.reason}：暂按「${category.name}」登记，请监督员核实`]);
    else return reject('category', found.reason);
  }
  if (!category) return reject('category', '没有问题类别，也没有设定 12345 工单的默认类别');

  let lon: number | null = null;
  let lat: number | null = null;
  let sourceLon: number | null = null;
  let sourceLat: number | null = null;
  let gridId: number | null = null;
  const lonText = get('lon').trim();
  const latText = get('lat').trim();
  if (lonText !== '' && latText !== '') {
    const x = parseCoordinate(lonText, '经度');
    const y = parseCoordinate(latText, '纬度');
    const checked = x.ok && y.ok ? checkCoordinates(x.value, y.value) : null;
    if (checked?.ok) {
      sourceLon = checked.lon;
      sourceLat = checked.lat;
      [lon, lat] = toWgs84(checked.lon, checked.lat, ctx.crs);
      gridId = ctx.grids.locate(lon, lat)?.id ?? null;
    }
  }
  const gridText = get('gridCode').normalize('NFKC').trim();
  if (gridText !== '') {
    const g = ctx.gridByCode.get(gridText) ?? h.gridByName.get(gridText);
    if (!g) warnings.push(['gridCode', `网格「${gridText.slice(0, 30)}」不存在：请监督员在签收时指定网格`]);
    else if (gridId !== null && gridId !== g.id) warnings.push(['gridCode', `网格「${gridText.slice(0, 30)}」与坐标所在网格不一致：按网格列登记`]);
    if (g) gridId = g.id;
  }
  if (gridId === null && gridText === '') warnings.push(['gridCode', '未能确定所属网格（没有网格列或坐标）：请监督员在签收时指定网格']);

  const address = get('address').trim();
  let description = get('description').trim();
  if (description === '') {
    description = `12345 工单 ${orderNo}${address ? `（${address}）` : ''}`;
    warnings.push(['description', '没有诉求内容：以工单编号代替']);
  }
  if (tooLong(description, TEXT_LIMITS.description)) {
    return reject('description', `诉求内容过长：最多 ${TEXT_LIMITS.description} 个字，此行有 ${[...description].length} 个字`);
  }
  if (tooLong(address, TEXT_LIMITS.address)) return reject('address', `诉求地址过长：最多 ${TEXT_LIMITS.address} 个字，此行有 ${[...address].length} 个字`);
  const callerName = get('callerName').trim();
  if (tooLong(callerName, TEXT_LIMITS.name)) return reject('callerName', `来电人姓名过长：最多 ${TEXT_LIMITS.name} 个字`);
  const callerPhone = get('callerPhone').trim();
  if ([...callerPhone].length > 60) return reject('callerPhone', '联系电话过长：最多 60 个字符');
  for (const [field, text] of [['description', description], ['address', address], ['callerName', callerName]] as const) {
    if (looksLikeFormula(text)) warnings.push([field, `内容以「${text[0]}」开头，像表格公式：已按普通文字保存，不会执行`]);
  }
  const typeText = get('demandType').trim();
  const demandType = demandTypeOf(typeText);
  if (typeText !== '' && demandType === null) {
    warnings.push(['demandType', `诉求类型「${typeText.slice(0, 20)}」不是${Object.values(DEMAND_TYPE_LABELS).join('、')}之一：未记录`]);
  }
  let platformDueAt: number | null = null;
  const dueText = get('platformDueAt').trim();
  if (dueText !== '') {
    const due = parseDeadline(dueText, when.value, h.calendar);
    if (!due.ok) return reject('platformDueAt', due.reason);
    platformDueAt = due.value;
  }
  return {
    ok: true,
    candidate: {
      reportedAt: when.value,
      category,
      lon,
      lat,
      sourceLon,
      sourceLat,
      gridId,
      description,
      address,
      reporter: '12345市民热线',
      fixedOnSpot: false,
      externalId: `12345:${orderNo}`,
      photos: NO_PHOTOS,
      warnings,
      hotline: { orderNo, callerName: callerName || null, callerPhone: callerPhone || null, platformDueAt, demandType },
    },
  };
}
