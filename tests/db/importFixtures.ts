/**
 * Field logs made in tests and benchmarks: rows at real places inside the demo district's grids,
 * written as CSV (UTF-8 or GBK), XLSX, GeoJSON, Open311 or GPX. Seeded, so every run is the same.
 */
import fs from 'node:fs';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import type { Db } from '../../db/open';
import { GridIndex } from '../../db/import/gridIndex';

export const FIELD_LOG_HEADERS = ['编号', '发现时间', '巡查员', '经度', '纬度', '地址', '类别', '问题描述', '处置情况'];

const INSPECTORS = ['张建华', '李秀兰', '王志强', '刘芳', '陈伟', '杨丽', '赵军', '黄敏', '周涛', '吴静'];
const CATEGORIES = ['暴露垃圾', '0102', '道路不洁', '非法小广告', '0401', '占道经营', '占道停车', '施工占道', '绿地脏乱', '私搭乱建', '店外经营', '0302'];
const TEXTS = ['路边有一堆生活垃圾未清运', '人行道上有流动摊贩占道经营', '墙面张贴非法小广告多处', '机动车占用人行道停放', '施工围挡占用部分车道', '绿化带内有白色垃圾', '店铺在门外摆放货架经营', '路面有渣土洒落未清扫'];
const ROADS = ['五一大道', '芙蓉中路一段', '人民中路', '车站北路', '八一路', '韶山北路', '东二环一段', '远大一路'];

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` WGS-84 points, each inside a community grid of the database. */
export function pointsInGrids(db: Db, count: number, seed = 7): [number, number][] {
  const index = GridIndex.load(db);
  const random = rng(seed);
  const out: [number, number][] = [];
  const grids = index.grids;
  while (out.length < count) {
    const g = grids[Math.floor(random() * grids.length)]!;
    const lon = g.bbox[0] + random() * (g.bbox[2] - g.bbox[0]);
    const lat = g.bbox[1] + random() * (g.bbox[3] - g.bbox[1]);
    if (index.locate(lon, lat)?.id === g.id) out.push([Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6]);
  }
  return out;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Shanghai wall clock as `2026/9/1 8:05`. */
export function slashDate(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000);
  return `${d.getUTCFullYear()}/${d.getUTCMonth() + 1}/${d.getUTCDate()} ${d.getUTCHours()}:${pad(d.getUTCMinutes())}`;
}

export interface FieldLogOptions {
  rows: number;
  points: readonly [number, number][];
  /** First report time (epoch ms); rows are spread evenly over `days`. */
  start: number;
  days: number;
  seed?: number;
  idPrefix?: string;
}

/** The rows of a field log, chronological. */
export function* fieldLogRows(o: FieldLogOptions): Generator<string[]> {
  const random = rng(o.seed ?? 1);
  const step = (o.days * 86_400_000) / Math.max(1, o.rows);
  for (let i = 0; i < o.rows; i++) {
    const [lon, lat] = o.points[Math.floor(random() * o.points.length)]!;
    const road = ROADS[Math.floor(random() * ROADS.length)]!;
    yield [
      `${o.idPrefix ?? 'R'}${String(i + 1).padStart(7, '0')}`,
      slashDate(o.start + Math.floor(i * step)),
      INSPECTORS[Math.floor(random() * INSPECTORS.length)]!,
      lon.toFixed(6),
      lat.toFixed(6),
      `${road}${1 + Math.floor(random() * 300)}号`,
      CATEGORIES[Math.floor(random() * CATEGORIES.length)]!,
      `${TEXTS[Math.floor(random() * TEXTS.length)]!}，${road}附近`,
      random() < 0.3 ? '已处置' : '待处置',
    ];
  }
}

export function csvLine(cells: readonly string[], delimiter = ','): string {
  return cells.map((c) => (/[",\r\n;\t]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(delimiter);
}

/** Writes a CSV (header + rows) streaming, in UTF-8 (optionally with BOM) or GBK. */
export function writeCsv(file: string, headers: readonly string[], rows: Iterable<string[]>, options: { encoding?: 'utf-8' | 'gbk'; bom?: boolean; delimiter?: string } = {}): void {
  const fd = fs.openSync(file, 'w');
  try {
    const encode = (s: string) => (options.encoding === 'gbk' ? iconv.encode(s, 'gbk') : Buffer.from(s, 'utf8'));
    if (options.bom) fs.writeSync(fd, Buffer.from([0xef, 0xbb, 0xbf]));
    let chunk = csvLine(headers, options.delimiter) + '\r\n';
    for (const row of rows) {
      chunk += csvLine(row, options.delimiter) + '\r\n';
      if (chunk.length > 1 << 20) {
        fs.writeSync(fd, encode(chunk));
        chunk = '';
      }
    }
    fs.writeSync(fd, encode(chunk));
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes an XLSX with one sheet (streaming writer); Date cells stay dates. */
export async function writeXlsx(file: string, headers: readonly string[], rows: Iterable<(string | number | Date)[]>, sheetName = '巡查日志'): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet(sheetName);
  ws.addRow([...headers]).commit();
  for (const row of rows) ws.addRow(row).commit();
  ws.commit();
  await wb.commit();
}
