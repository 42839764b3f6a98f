/**
 * Reading the values of a field-log row as they appear in practice: dates typed by hand or saved by
 * Excel, coordinates with stray spaces or full-width digits, status words.
 */
import { DAY_MS, SHANGHAI_OFFSET_MS } from '../domain/time';

/** Excel's day 0 is 1899-12-30 (the 1900 leap-year bug included). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
/** Earliest date accepted in a field log. */
export const EARLIEST_REPORT_MS = Date.UTC(2000, 0, 1) - SHANGHAI_OFFSET_MS;

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (reason: string): Parsed<never> => ({ ok: false, reason });

/** Full-width digits and punctuation folded to ASCII, trimmed. */
export function foldText(text: string): string {
  return /[\uFF00-\uFFEF\u3000]/.test(text) ? text.normalize('NFKC').trim() : text.trim();
}

const LOCAL_RE =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*分?(?:\s*[:：]?\s*(\d{1,2})(?:\.(\d{1,3})\d*)?\s*秒?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})(?:\s*(\d{2}):?(\d{2})(?::?(\d{2}))?)?$/;

/**
 * A date-time as epoch ms. Accepts `2017/6/22 9:30`, `2017-06-22 09:30:00`, `2017年6月22日 9时30分`,
 * ISO 8601 with or without an offset (`Z`, `+08:00`), `20170622 0930`, and Excel serial numbers.
 * Without an offset the time is Asia/Shanghai. Refuses impossible dates (2017-02-30) and times.
 */
export function parseDateTime(raw: string, now: number): Parsed<number> {
  const text = foldText(raw);
  if (text === '') return fail('缺少发现时间');
  let ms: number | null = null;
  if (/^\d+(\.\d+)?$/.test(text) && !/^\d{8}$/.test(text) && !/^\d{12,14}$/.test(text)) {
    const serial = Number(text);
    if (serial < 1 || serial > 2_958_465) return fail(`发现时间「${raw.slice(0, 40)}」不是可识别的日期`);
    ms = EXCEL_EPOCH_MS + Math.round(serial * DAY_MS) - SHANGHAI_OFFSET_MS;
  } else {
    const m = LOCAL_RE.exec(text) ?? COMPACT_RE.exec(text);
    if (!m) return fail(`发现时间「${raw.slice(0, 40)}」不是可识别的日期格式（例：2017/6/22 9:30 或 2017-06-22 09:30:00）`);
    const [y, mo, d, h = '0', mi = '0', s = '0'] = [m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]];
    const frac = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
    const year = Number(y);
    const month = Number(mo);
    const day = Number(d);
    const hour = Number(h);
    const minute = Number(mi);
    const second = Number(s);
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) {
      return fail(`发现时间「${raw.slice(0, 40)}」不是有效的日期或时间`);
    }
    const utc = Date.UTC(year, month - 1, day, hour, minute, second, frac);
    const check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
      return fail(`发现时间「${raw.slice(0, 40)}」不存在（${year} 年 ${month} 月没有 ${day} 日）`);
    }
    const zone = m[8];
    let offset = SHANGHAI_OFFSET_MS;
    if (zone) {
      if (zone.toUpperCase() === 'Z') offset = 0;
      else {
        const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
        offset = (zm[1] === '-' ? -1 : 1) * (Number(zm[2]) * 60 + Number(zm[3])) * 60_000;
      }
    }
    ms = utc - offset;
  }
  if (ms < EARLIEST_REPORT_MS) return fail(`发现时间 ${formatShanghai(ms)} 早于 2000 年，不像真实记录`);
  if (ms > now + DAY_MS) return fail(`发现时间 ${formatShanghai(ms)} 晚于当前时间`);
  return ok(ms);
}

/** 'YYYY-MM-DD HH:mm' in Asia/Shanghai. */
export function formatShanghai(ms: number): string {
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  if (Number.isNaN(d.getTime())) return String(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** A wall-clock Date as Excel and exceljs carry it (UTC fields = local time) → 'YYYY-MM-DD HH:mm:ss'. */
export function wallClockText(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** A decimal coordinate; also `113°0'12.5"` degree-minute-second notation. */
export function parseCoordinate(raw: string, label: string): Parsed<number> {
  const text = foldText(raw);
  if (text === '') return fail(`缺少${label}`);
  if (/^[+-]?\d+(\.\d+)?$/.test(text)) return ok(Number(text));
  const dms = /^(\d{1,3})\s*[°度]\s*(?:(\d{1,2}(?:\.\d+)?)\s*['′分])?\s*(?:(\d{1,2}(?:\.\d+)?)\s*(?:["″]|''|秒))?\s*([NSEW东西南北])?$/i.exec(text);
  if (dms) {
    const value = Number(dms[1]) + Number(dms[2] ?? 0) / 60 + Number(dms[3] ?? 0) / 3600;
    return ok(/[SW西南]/i.test(dms[4] ?? '') ? -value : value);
  }
  return fail(`${label}「${raw.slice(0, 40)}」不是数字`);
}

/** Mainland China with its islands, generously: what a district's field log can contain. */
const LON_RANGE: [number, number] = [73, 136];
const LAT_RANGE: [number, number] = [3, 54];
const inRange = (v: number, [a, b]: [number, number]) => v >= a && v <= b;

export type CoordinateCheck =
  | { ok: true; lon: number; lat: number; swapped: boolean }
  | { ok: false; field: 'lon' | 'lat'; reason: string };

/** Plausible for China; swapped latitude/longitude detected and put right. */
export function checkCoordinates(lon: number, lat: number): CoordinateCheck {
  if (lon === 0 && lat === 0) return { ok: false, field: 'lon', reason: '坐标为 0,0：设备未取得定位' };
  if (inRange(lon, LON_RANGE) && inRange(lat, LAT_RANGE)) return { ok: true, lon, lat, swapped: false };
  if (inRange(lat, LON_RANGE) && inRange(lon, LAT_RANGE)) return { ok: true, lon: lat, lat: lon, swapped: true };
  if (!inRange(lon, LON_RANGE)) return { ok: false, field: 'lon', reason: `经度 ${lon} 不在中国范围（73～136）内` };
  return { ok: false, field: 'lat', reason: `纬度 ${lat} 不在中国范围（3～54）内` };
}

export type RowStatus = { fixedOnSpot: boolean };

const FIXED_WORDS = new Set(['已处置', '自行处置', '已处理', '已解决', '已整改', '现场处置', '已完成', 'closed', 'fixed', 'done', '是']);
const OPEN_WORDS = new Set(['', '待处置', '未处置', '待处理', '未处理', '上报', '待立案', 'open', 'reported', '否']);

/** 已处置/自行处置 = fixed on the spot; 待处置 (or empty) = reported for the desk to register. */
export function parseRowStatus(raw: string): Parsed<RowStatus> {
  const text = foldText(raw).toLowerCase();
  if (FIXED_WORDS.has(text)) return ok({ fixedOnSpot: true });
  if (OPEN_WORDS.has(text)) return ok({ fixedOnSpot: false });
  return fail(`处置情况「${raw.slice(0, 40)}」无法识别：应为 已处置、自行处置 或 待处置`);
}

/** Text that a spreadsheet would run as a formula when the cell is opened or exported. */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d/.test(text);
}
