import type { Db } from '../open';
import { DEFAULT_WORKING_PERIODS } from '../workingTime';
import { defaultCalendarDays } from './calendar';
import { seedDefaultSchemes } from '../assess/schemes';
import {
  DEFAULT_CATEGORY_CLASSES,
  DISPATCH_LIMIT_WH,
  URGENT_DISPATCH_LIMIT_WH,
  URGENT_VERIFY_LIMIT_WH,
  VERIFY_LIMIT_WH,
} from './categories';

/** When the escalation ladder's clock started (a rung due before it is never written). */
export const LADDER_SINCE_KEY = 'supervision.clock_since';

export const DEFAULT_UNIT_NAME = '长沙市芙蓉区城市管理网格化指挥中心';
export const DEFAULT_COUNTING_RULE = 'standard';

/** The settings a new database starts with (values are stored as JSON). */
export const DEFAULT_SETTINGS: Readonly<Record<string, unknown>> = {
  working_hours: DEFAULT_WORKING_PERIODS,
  unit_name: DEFAULT_UNIT_NAME,
  counting_rule: DEFAULT_COUNTING_RULE,
};

/**
 * Fills a new database with the standard category table, the official holiday calendar and the
 * default settings, in one transaction. Does nothing when categories already exist (the table is
 * the user's to edit from then on); returns whether anything was written. Calendar days and
 * settings already present are kept as they are.
 */
export function seedDefaults(db: Db, nowMs: number): boolean {
  return db.transaction((): boolean => {
    // The assessment schemes: seeded once, whether or not the categories were (an older database gains them).
    seedDefaultSchemes(db, nowMs);
    const existing = db.prepare(`SELECT count(*) AS n FROM categories`).get() as { n: number };
    if (existing.n > 0) return false;

    const insertCategory = db.prepare(
      `INSERT INTO categories (kind, level, code, parent_id, name, dispatch_limit, dispatch_unit,
         handling_limit, handling_unit, verify_limit, verify_unit, is_urgent, cleanup_label, sort_order)
       VALUES (@kind, @level, @code, @parentId, @name, @dispatchLimit, @dispatchUnit,
         @handlingLimit, @handlingUnit, @verifyLimit, @verifyUnit, @isUrgent, @cleanupLabel, @sortOrder)`,
    );
    let sortOrder = 0;
    for (const big of DEFAULT_CATEGORY_CLASSES) {
      const parent = insertCategory.run({
        kind: big.kind,
        level: 1,
        code: big.code,
        parentId: null,
        name: big.name,
        dispatchLimit: null,
        dispatchUnit: null,
        handlingLimit: null,
        handlingUnit: null,
        verifyLimit: null,
        verifyUnit: null,
        isUrgent: 0,
        cleanupLabel: null,
        sortOrder: sortOrder++,
      });
      for (const small of big.children) {
        const isUrgent = small.isUrgent ?? false;
        insertCategory.run({
          kind: big.kind,
          level: 2,
          code: big.code + small.code,
          parentId: Number(parent.lastInsertRowid),
          name: small.name,
          dispatchLimit: isUrgent ? URGENT_DISPATCH_LIMIT_WH : DISPATCH_LIMIT_WH,
          dispatchUnit: 'wh',
          handlingLimit: small.handlingLimit,
          handlingUnit: small.handlingUnit,
          verifyLimit: isUrgent ? URGENT_VERIFY_LIMIT_WH : VERIFY_LIMIT_WH,
          verifyUnit: 'wh',
          isUrgent: isUrgent ? 1 : 0,
          cleanupLabel: small.cleanupLabel ?? null,
          sortOrder: sortOrder++,
        });
      }
    }

    const insertDay = db.prepare(`INSERT OR IGNORE INTO calendar_days (date, kind, name) VALUES (?, ?, ?)`);
    for (const d of defaultCalendarDays()) insertDay.run(d.date, d.kind, d.name);

    const insertSetting = db.prepare(`INSERT OR IGNORE INTO settings (key, value, updated_at) VALUES (?, ?, ?)`);
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) insertSetting.run(key, JSON.stringify(value), nowMs);
    // The escalation ladder's clock runs from the database's first day (db/supervision/ladder.ts).
    insertSetting.run(LADDER_SINCE_KEY, JSON.stringify(nowMs), nowMs);
    return true;
  }).immediate();
}
