/**
 * The field-log row validator on its own: cells + mapping + in-memory lookups → a candidate case or a
 * rejection. No database anywhere in this file.
 */
import { describe, expect, it } from 'vitest';
import { validateRow, type CandidateCase, type RowContext, type RowVerdict } from '../../db/import/rowValidator';
import { CategoryLookup, type CategoryRow } from '../../db/import/categoryLookup';
import { GridIndex, type IndexedGrid } from '../../db/import/gridIndex';
import { IMPORT_FIELDS, type ImportField } from '../../db/import/types';
import { TEXT_LIMITS } from '../../db/domain/limits';
import { fromWgs84 } from '../../db/geo';
import { shanghaiInstant } from '../../db/domain/time';
import type { SourceRow } from '../../db/import/source';

const NOW = shanghaiInstant(2026, 11, 25, 10, 0);

const square = (x0: number, y0: number, x1: number, y1: number): number[][][] => [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]];
const GRIDS: IndexedGrid[] = [
  { id: 11, code: '430102001001001', name: '西网格', bbox: [113.0, 28.18, 113.01, 28.2], polygons: [square(113.0, 28.18, 113.01, 28.2)] },
  { id: 12, code: '430102001001002', name: '东网格', bbox: [113.01, 28.18, 113.02, 28.2], polygons: [square(113.01, 28.18, 113.02, 28.2)] },
];
const CATEGORIES: CategoryRow[] = [
  { id: 1, kind: 'event', level: 1, code: '01', name: '市容环境', is_urgent: 0 },
  { id: 2, kind: 'event', level: 2, code: '0102', name: '暴露垃圾', is_urgent: 0 },
  { id: 3, kind: 'event', level: 2, code: '0105', name: '道路破损', is_urgent: 1 },
];

function context(crs: RowContext['crs'] = 'wgs84'): RowContext {
  const grids = new GridIndex(GRIDS);
  return {
    columns: Object.fromEntries(IMPORT_FIELDS.map((f, i) => [f, i])),
    crs,
    now: NOW,
    grids,
    gridByCode: new Map(GRIDS.map((g) => [g.code, g])),
    categories: new CategoryLookup(CATEGORIES),
  };
}

/** A row with every field in IMPORT_FIELDS order; the defaults make an acceptable row in the west grid. */
function row(values: Partial<Record<ImportField, string>> = {}, extra: Partial<SourceRow> = {}): SourceRow {
  const full: Record<ImportField, string> = {
    recordId: 'R1',
    reportedAt: '2026/11/20 9:30',
    reporter: '张三',
    lon: '113.005',
    lat: '28.19',
    address: '芙蓉中路',
    category: '暴露垃圾',
    description: '路边垃圾',
    status: '待处置',
    photos: '',
    gridCode: '',
    // The 12345 fields (read only when the file is a 12345 export).
    orderNo: '',
    callerName: '',
    callerPhone: '',
    platformDueAt: '',
    demandType: '',
    ...values,
  };
  return { row: 2, cells: IMPORT_FIELDS.map((f) => full[f]), ...extra };
}

function accepted(v: RowVerdict): CandidateCase {
  if (!v.ok) throw new Error(`rejected: ${String(v.field)} ${v.reason}`);
  return v.candidate;
}

function rejected(v: RowVerdict): { field: string | null; reason: string } {
  if (v.ok) throw new Error('accepted');
  return { field: v.field, reason: v.reason };
}

describe('row validator (no database)', () => {
  it('turns a plain row into a candidate case located in its grid', () => {
    const c = accepted(validateRow(row(), context()));
    expect(c).toMatchObject({
      reportedAt: shanghaiInstant(2026, 11, 20, 9, 30),
      category: { id: 2, name: '暴露垃圾', isUrgent: false },
      lon: 113.005,
      lat: 28.19,
      sourceLon: 113.005,
      sourceLat: 28.19,
      gridId: 11,
      description: '路边垃圾',
      address: '芙蓉中路',
      reporter: '张三',
      fixedOnSpot: false,
      externalId: 'R1',
      photos: [],
      warnings: [],
    });
  });

  it('converts from the file’s coordinate system and keeps the source values', () => {
    const [gx, gy] = fromWgs84(113.015, 28.19, 'gcj02');
    const c = accepted(validateRow(row({ lon: String(gx), lat: String(gy) }), context('gcj02')));
    expect(c.gridId).toBe(12);
    expect(c.sourceLon).toBe(gx);
    expect(c.lon).toBeCloseTo(113.015, 5);
    expect(c.lat).toBeCloseTo(28.19, 5);
  });

  it('puts a swapped pair right, with a warning on the longitude', () => {
    const c = accepted(validateRow(row({ lon: '28.19', lat: '113.005' }), context()));
    expect([c.lon, c.lat]).toEqual([113.005, 28.19]);
    expect(c.warnings).toEqual([['lon', '经度与纬度填反了（28.19, 113.005），已交换']]);
  });

  it('takes a grid code alone as the location, and refuses unknown or malformed codes', () => {
    const c = accepted(validateRow(row({ lon: '', lat: '', gridCode: '430102001001002' }), context()));
    expect(c).toMatchObject({ lon: null, lat: null, gridId: 12 });
    expect(rejected(validateRow(row({ lon: '', lat: '', gridCode: '430102001001099' }), context()))).toEqual({
      field: 'gridCode',
      reason: '社区网格 430102001001099 不存在',
    });
    expect(rejected(validateRow(row({ lon: '', lat: '', gridCode: 'A-1' }), context())).reason).toBe('网格编码「A-1」应为 15 位数字');
  });

  it('refuses a missing, half or outside location and a grid code that contradicts the point', () => {
    expect(rejected(validateRow(row({ lon: '', lat: '' }), context()))).toEqual({ field: 'lon', reason: '缺少位置：请填写经纬度或网格编码' });
    expect(rejected(validateRow(row({ lat: '' }), context()))).toEqual({ field: 'lat', reason: '经度和纬度必须同时填写' });
    expect(rejected(validateRow(row({ lon: '0', lat: '0' }), context()))).toEqual({ field: 'lon', reason: '坐标为 0,0：设备未取得定位' });
    expect(rejected(validateRow(row({ lon: '113.5' }), context()))).toEqual({
      field: 'lon',
      reason: '位置（113.5, 28.19，WGS-84）不在本区任何社区网格内：请核对坐标和所选坐标系',
    });
    expect(rejected(validateRow(row({ gridCode: '430102001001002' }), context()))).toEqual({
      field: 'gridCode',
      reason: '网格编码 430102001001002 与位置所在网格 430102001001001（西网格）不一致',
    });
  });

  it('refuses an unknown category or a big class, and a time it cannot read or that lies ahead', () => {
    expect(rejected(validateRow(row({ category: '不存在' }), context())).field).toBe('category');
    expect(rejected(validateRow(row({ category: '市容环境' }), context())).reason).toContain('是大类');
    expect(rejected(validateRow(row({ reportedAt: '昨天' }), context())).field).toBe('reportedAt');
    expect(rejected(validateRow(row({ reportedAt: '2026/12/30 9:00' }), context())).reason).toContain('晚于当前时间');
  });

  it('reads the status: fixed on the spot, open, or refused', () => {
    expect(accepted(validateRow(row({ status: '已处置' }), context())).fixedOnSpot).toBe(true);
    expect(accepted(validateRow(row({ status: '' }), context())).fixedOnSpot).toBe(false);
    expect(rejected(validateRow(row({ status: '也许' }), context())).field).toBe('status');
  });

  it('holds texts to TEXT_LIMITS, counting characters not UTF-16 units', () => {
    const limit = TEXT_LIMITS.description;
    expect(accepted(validateRow(row({ description: '𠀀'.repeat(limit) }), context())).description).toHaveLength(limit * 2);
    expect(rejected(validateRow(row({ description: '字'.repeat(limit + 1) }), context()))).toEqual({
      field: 'description',
      reason: `问题描述过长：最多 ${limit} 个字，此行有 ${limit + 1} 个字`,
    });
    expect(rejected(validateRow(row({ address: '路'.repeat(TEXT_LIMITS.address + 1) }), context())).field).toBe('address');
    expect(rejected(validateRow(row({ reporter: '名'.repeat(TEXT_LIMITS.name + 1) }), context())).field).toBe('reporter');
    expect(rejected(validateRow(row({ recordId: 'x'.repeat(201) }), context())).field).toBe('recordId');
  });

  it('fills a missing description from the category and flags text that looks like a formula', () => {
    const c = accepted(validateRow(row({ description: '', address: '=HYPERLINK("x")' }), context()));
    expect(c.description).toBe('暴露垃圾（=HYPERLINK("x")）');
    expect(c.warnings).toEqual([
      ['description', '没有问题描述：以类别名称代替'],
      ['address', '内容以「=」开头，像表格公式：已按普通文字保存，不会执行'],
    ]);
    expect(accepted(validateRow(row({ reporter: '@张三' }), context())).warnings).toEqual([['reporter', '内容以「@」开头，像表格公式：已按普通文字保存，不会执行']]);
  });

  it('identifies a row without a record id by its content', () => {
    const a = accepted(validateRow(row({ recordId: '' }), context()));
    const b = accepted(validateRow(row({ recordId: '' }), context()));
    const c = accepted(validateRow(row({ recordId: '', description: '另一处垃圾' }), context()));
    expect(a.externalId).toMatch(/^sha256:[\w-]{43}$/);
    expect(b.externalId).toBe(a.externalId);
    expect(c.externalId).not.toBe(a.externalId);
  });

  it('splits the photo cell and passes on what the reader found', () => {
    expect(accepted(validateRow(row({ photos: 'a.jpg; b.jpg；c.png | d.gif' }), context())).photos).toEqual(['a.jpg', 'b.jpg', 'c.png', 'd.gif']);
    const warned = accepted(validateRow(row({}, { warnings: ['第 2 行多出 1 列，已忽略'] }), context()));
    expect(warned.warnings).toEqual([[null, '第 2 行多出 1 列，已忽略']]);
    expect(rejected(validateRow(row({}, { error: { field: null, reason: '此行无法读取' } }), context()))).toEqual({ field: null, reason: '此行无法读取' });
  });
});
