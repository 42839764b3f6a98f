import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/open';
import { seedDefaults, DEFAULT_UNIT_NAME } from '../../db/defaults/seed';
import { defaultCalendarDays } from '../../db/defaults/calendar';
import { isoWeekday } from '../../db/domain/time';
import { tempDir } from '../helpers/tmp';
import { listCategories } from '../../db/queries/categories';

function freshDb(): Db {
  return openDatabase(path.join(tempDir(), 'defaults.sqlite')).db;
}

const counts = (db: Db) =>
  db
    .prepare(
      `SELECT (SELECT count(*) FROM categories) AS categories, (SELECT count(*) FROM calendar_days) AS days,
              (SELECT count(*) FROM settings) AS settings`,
    )
    .get() as { categories: number; days: number; settings: number };

describe('seedDefaults', () => {
  it('seeds once and does nothing the second time', () => {
    const db = freshDb();
    expect(seedDefaults(db, 1000)).toBe(true);
    const first = counts(db);
    expect(first.categories).toBeGreaterThan(50);
    expect(seedDefaults(db, 2000)).toBe(false);
    expect(counts(db)).toEqual(first);
    db.close();
  });

  it('leaves a database alone whose category table was already filled', () => {
    const db = freshDb();
    db.prepare(`INSERT INTO categories (kind, level, code, name) VALUES ('event', 1, '09', '自定义大类')`).run();
    expect(seedDefaults(db, 0)).toBe(false);
    expect(counts(db)).toEqual({ categories: 1, days: 0, settings: 0 });
    db.close();
  });

  it('gives every small class a handling limit and a big-class parent of the same kind and code', () => {
    const db = freshDb();
    seedDefaults(db, 0);
    const rows = listCategories(db);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const small = rows.filter((r) => r.level === 2);
    expect(small.length).toBeGreaterThan(40);
    for (const r of small) {
      expect(r.code).toMatch(/^\d{4}$/);
      const parent = byId.get(r.parentId!);
      expect(parent, r.code).toBeDefined();
      expect(parent!.level).toBe(1);
      expect(parent!.kind).toBe(r.kind);
      expect(r.code.slice(0, 2)).toBe(parent!.code);
      expect(r.handlingLimit).toBeGreaterThan(0);
      expect(['wh', 'wd']).toContain(r.handlingUnit);
      expect(r.dispatchUnit).toBe('wh');
      expect(r.dispatchLimit).toBeCloseTo(r.isUrgent ? 1 / 6 : 1, 10);
      expect(r.verifyLimit).toBeGreaterThan(0);
    }
    for (const r of rows.filter((x) => x.level === 1)) {
      expect(r.code).toMatch(/^\d{2}$/);
      expect(r.parentId).toBeNull();
      expect(r.handlingLimit).toBeNull();
    }
    const bigCodes = (kind: string) => rows.filter((r) => r.kind === kind && r.level === 1).map((r) => r.code);
    expect(bigCodes('event')).toEqual(['01', '02', '03', '04', '05', '06']);
    expect(bigCodes('component')).toEqual(['01', '02', '03', '04', '05', '06']);
    db.close();
  });

  it('ships the event limits of the starting table, with urgency and cleanup labels', () => {
    const db = freshDb();
    seedDefaults(db, 0);
    const get = (code: string) => listCategories(db).find((c) => c.kind === 'event' && c.code === code)!;
    const expected: [string, string, number, string][] = [
      ['0101', '私搭乱建', 20, 'wd'],
      ['0102', '暴露垃圾', 4, 'wh'],
      ['0104', '道路不洁', 2, 'wh'],
      ['0106', '水域不洁', 15, 'wd'],
      ['0107', '焚烧垃圾树叶', 1, 'wh'],
      ['0201', '非法小广告', 1, 'wd'],
      ['0202', '违规户外广告', 5, 'wd'],
      ['0301', '施工占道', 1, 'wd'],
      ['0401', '无照经营游商', 2, 'wh'],
      ['0404', '占道停车', 2, 'wh'],
      ['0405', '露天烧烤', 1, 'wh'],
      ['0501', '路面塌陷', 2, 'wh'],
      ['0601', '环境信访', 5, 'wd'],
    ];
    for (const [code, name, limit, unit] of expected) {
      expect(get(code)).toMatchObject({ name, handlingLimit: limit, handlingUnit: unit });
    }
    for (const code of ['0501', '0502', '0503']) expect(get(code).isUrgent).toBe(true);
    expect(get('0102').isUrgent).toBe(false);
    expect(get('0102').cleanupLabel).toBe('垃圾堆物');
    expect(get('0202').cleanupLabel).toBe('违规招牌');
    expect(get('0401').cleanupLabel).toBe('流动摊担');
    expect(get('0404').cleanupLabel).toBe('占道停车');
    const components = db
      .prepare(`SELECT code, name, handling_limit, handling_unit FROM categories WHERE kind = 'component' AND level = 2`)
      .all() as { code: string; name: string; handling_limit: number; handling_unit: string }[];
    expect(components.find((c) => c.code === '0101')?.name).toBe('上水井盖');
    expect(components.find((c) => c.code === '0102')?.name).toBe('污水井盖');
    for (const c of components) {
      expect(c.handling_unit).toBe('wd');
      expect(c.handling_limit).toBeGreaterThanOrEqual(1);
      expect(c.handling_limit).toBeLessThanOrEqual(5);
    }
    db.close();
  });

  it('loads the official holidays and 调休 make-up days for 2025–2027', () => {
    const db = freshDb();
    seedDefaults(db, 0);
    const kind = (date: string) =>
      (db.prepare(`SELECT kind FROM calendar_days WHERE date = ?`).get(date) as { kind: string } | undefined)?.kind;
    expect(kind('2025-01-01')).toBe('holiday');
    expect(kind('2025-01-26')).toBe('workday');
    expect(kind('2025-02-08')).toBe('workday');
    expect(kind('2025-10-08')).toBe('holiday');
    expect(kind('2026-01-04')).toBe('workday');
    for (let d = 15; d <= 23; d++) expect(kind(`2026-02-${d}`)).toBe('holiday');
    expect(kind('2026-02-14')).toBe('workday');
    expect(kind('2026-02-28')).toBe('workday');
    expect(kind('2026-05-09')).toBe('workday');
    expect(kind('2026-06-19')).toBe('holiday');
    expect(kind('2026-09-25')).toBe('holiday');
    expect(kind('2026-10-07')).toBe('holiday');
    expect(kind('2026-09-20')).toBe('workday');
    expect(kind('2026-10-10')).toBe('workday');
    expect(kind('2026-10-08')).toBeUndefined();
    expect(kind('2027-10-01')).toBe('holiday');

    const days = defaultCalendarDays();
    const in2026 = days.filter((d) => d.date.startsWith('2026'));
    expect(in2026.filter((d) => d.kind === 'holiday')).toHaveLength(33);
    expect(in2026.filter((d) => d.kind === 'workday')).toHaveLength(6);
    // Make-up days are weekend days; no date is listed twice.
    for (const d of days.filter((x) => x.kind === 'workday')) expect(isoWeekday(d.date)).toBeGreaterThanOrEqual(6);
    expect(new Set(days.map((d) => d.date)).size).toBe(days.length);
    db.close();
  });

  it('writes the default settings', () => {
    const db = freshDb();
    seedDefaults(db, 1234);
    const setting = (key: string) =>
      JSON.parse((db.prepare(`SELECT value FROM settings WHERE key = ?`).get(key) as { value: string }).value) as unknown;
    expect(setting('working_hours')).toEqual([
      { start: '08:30', end: '12:00' },
      { start: '14:30', end: '17:30' },
    ]);
    expect(setting('unit_name')).toBe(DEFAULT_UNIT_NAME);
    expect(setting('unit_name')).toBe('长沙市芙蓉区城市管理网格化指挥中心');
    expect(setting('counting_rule')).toBe('standard');
    db.close();
  });
});
