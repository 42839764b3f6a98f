/**
 * 专项行动 tallies are counted by SQLite per label; on demo data they equal the cases in scope read one by
 * one and counted (closed within the dates; open and neither rejected nor hung; by cleanup label).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { seedDefaults } from '../../db/defaults/seed';
import { loadDemo } from '../../db/demo/load';
import { createCampaign, listCampaignTallies, tagIncident } from '../../db/stats/campaigns';
import { addDays, shanghaiMidnight } from '../../db/domain/time';
import { sh } from '../helpers/deskFixture';
import { tempDir } from '../helpers/tmp';

describe('campaign tallies', () => {
  it('equal the cases in scope counted one by one', () => {
    const { db } = openDatabase(path.join(tempDir(), 'campaigns.sqlite'));
    seedDefaults(db, 0);
    loadDemo(db, { until: '2026-11-25', incidents: 3000 });
    const operator = db.prepare(`SELECT id FROM operators WHERE role = 'supervisor' ORDER BY id LIMIT 1`).pluck().get() as number;
    const street = db.prepare(`SELECT id, code FROM grids WHERE level = 2 ORDER BY code LIMIT 1 OFFSET 1`).get() as { id: number; code: string };
    const busiest = db
      .prepare(`SELECT category_id FROM incidents GROUP BY category_id ORDER BY count(*) DESC LIMIT 3`)
      .pluck()
      .all() as number[];
    const now = sh('2026-11-25T10:00');
    createCampaign(db, { name: '三清行动', startDate: '2026-10-01', endDate: '2026-11-30', areaCode: street.code, categoryIds: busiest, target: 500 }, now);
    const other = createCampaign(db, { name: '全区会战', startDate: '2026-09-15', endDate: '2026-10-20', areaCode: '430102000000000', categoryIds: busiest.slice(0, 1) }, now);
    for (const id of db.prepare(`SELECT id FROM incidents WHERE category_id NOT IN (${busiest.join(', ')}) ORDER BY id LIMIT 5`).pluck().all() as number[]) {
      tagIncident(db, { campaignId: other.id, incidentId: id, operatorId: operator }, now);
    }
    const tallies = listCampaignTallies(db, now);
    expect(tallies).toHaveLength(2);
    for (const t of tallies) {
      const start = shanghaiMidnight(t.startDate);
      const end = shanghaiMidnight(addDays(t.endDate, 1));
      const area = (db.prepare(`SELECT id FROM grids WHERE code = ?`).get(t.areaCode) as { id: number }).id;
      const inArea = new Set(
        db.prepare(`SELECT id FROM grids WHERE id = ? OR parent_id = ? OR parent_id IN (SELECT id FROM grids WHERE parent_id = ?)`).pluck().all(area, area, area) as number[],
      );
      const tagged = new Set(db.prepare(`SELECT incident_id FROM campaign_incidents WHERE campaign_id = ?`).pluck().all(t.id) as number[]);
      const rows = (
        db
          .prepare(`SELECT i.id, i.status, i.closed_at, i.reported_at, i.grid_id, i.category_id, i.duplicate_of, c.cleanup_label, c.name FROM incidents i JOIN categories c ON c.id = i.category_id`)
          .all() as { id: number; status: string; closed_at: number | null; reported_at: number; grid_id: number | null; category_id: number; duplicate_of: number | null; cleanup_label: string | null; name: string }[]
      ).filter(
        (r) =>
          r.duplicate_of === null &&
          r.status !== 'voided' &&
          ((t.categoryIds.includes(r.category_id) && r.reported_at < end && (r.closed_at === null || r.closed_at >= start) && r.grid_id !== null && inArea.has(r.grid_id)) || tagged.has(r.id)),
      );
      const counted = rows.filter((r) => r.closed_at !== null && r.closed_at >= start && r.closed_at < end);
      const byLabel = new Map<string, number>();
      for (const r of counted) byLabel.set(r.cleanup_label ?? r.name, (byLabel.get(r.cleanup_label ?? r.name) ?? 0) + 1);
      expect(t.closed, t.name).toBe(counted.length);
      expect(t.closed, t.name).toBeGreaterThan(0);
      expect(t.open, t.name).toBe(rows.filter((r) => r.closed_at === null && !['rejected', 'hung'].includes(r.status)).length);
      expect(Object.fromEntries(t.byLabel.map((l) => [l.label, l.count])), t.name).toEqual(Object.fromEntries(byLabel));
      expect(t.byLabel.map((l) => l.count), t.name).toEqual([...t.byLabel.map((l) => l.count)].sort((a, b) => b - a));
    }
    db.close();
  });
});
