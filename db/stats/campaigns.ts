/**
 * 专项行动 — named, dated campaigns ("三清" clean-ups, "百日会战") over an area and a set of categories.
 * A case counts in a campaign when it is closed within the campaign's dates, lies in its area and is of
 * one of its categories — or when it was tagged to the campaign by hand. Duplicates and voided cases
 * never count.
 */
import { AppError } from '../errors';
import type { Db } from '../open';
import { isValidDate, shanghaiDate, shanghaiMidnight, addDays } from '../domain/time';
import { requireOperator } from '../queries/operators';

export interface Campaign {
  id: number;
  name: string;
  startDate: string;
  endDate: string;
  areaCode: string;
  areaName: string;
  target: number | null;
  categoryIds: number[];
  note: string | null;
}

export interface CampaignTally extends Campaign {
  /** Cases counted so far (closed in the campaign, plus tagged ones closed). */
  closed: number;
  /** Still open among the cases in scope (reported within the dates). */
  open: number;
  byLabel: { label: string; count: number }[];
  isActive: boolean;
}

export function createCampaign(
  db: Db,
  input: { name: string; startDate: string; endDate: string; areaCode: string; categoryIds: number[]; target?: number | null | undefined; note?: string | undefined },
  now: number,
): Campaign {
  const name = input.name.trim();
  if (!name) throw new AppError('invalid-input', '专项行动名称不能为空');
  for (const d of [input.startDate, input.endDate]) if (!isValidDate(d)) throw new AppError('invalid-input', `日期无效：${d}`);
  if (input.endDate < input.startDate) throw new AppError('invalid-input', '结束日期不能早于开始日期');
  const area = db.prepare(`SELECT id FROM grids WHERE code = ?`).get(input.areaCode) as { id: number } | undefined;
  if (!area) throw new AppError('not-found', `区域编码不存在：${input.areaCode}`);
  if (input.categoryIds.length === 0) throw new AppError('invalid-input', '请至少选择一个问题类别');
  return db.transaction(() => {
    const r = db
      .prepare(`INSERT INTO campaigns (name, start_date, end_date, area_grid_id, target, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(name, input.startDate, input.endDate, area.id, input.target ?? null, input.note?.trim() || null, now);
    const id = Number(r.lastInsertRowid);
    const add = db.prepare(`INSERT INTO campaign_categories (campaign_id, category_id) VALUES (?, ?)`);
    for (const c of new Set(input.categoryIds)) {
      if (!db.prepare(`SELECT 1 FROM categories WHERE id = ?`).get(c)) throw new AppError('not-found', `类别不存在：编号 ${c}`);
      add.run(id, c);
    }
    return getCampaign(db, id);
  }).immediate();
}

export function getCampaign(db: Db, id: number): Campaign {
  const row = db
    .prepare(
      `SELECT c.id, c.name, c.start_date AS startDate, c.end_date AS endDate, g.code AS areaCode, g.name AS areaName, c.target, c.note
       FROM campaigns c JOIN grids g ON g.id = c.area_grid_id WHERE c.id = ?`,
    )
    .get(id) as Omit<Campaign, 'categoryIds'> | undefined;
  if (!row) throw new AppError('not-found', `专项行动不存在：编号 ${id}`);
  const categoryIds = (db.prepare(`SELECT category_id AS id FROM campaign_categories WHERE campaign_id = ? ORDER BY category_id`).all(id) as { id: number }[]).map((r) => r.id);
  return { ...row, categoryIds };
}

/** Tags a case to a campaign by hand (it then counts when closed, whatever its category). */
export function tagIncident(db: Db, input: { campaignId: number; incidentId: number; operatorId: number }, now: number): void {
  const operator = requireOperator(db, input.operatorId);
  getCampaign(db, input.campaignId);
  if (!db.prepare(`SELECT 1 FROM incidents WHERE id = ?`).get(input.incidentId)) throw new AppError('not-found', `案件不存在：编号 ${input.incidentId}`);
  db.prepare(`INSERT OR IGNORE INTO campaign_incidents (campaign_id, incident_id, tagged_at, operator_id) VALUES (?, ?, ?, ?)`).run(
    input.campaignId,
    input.incidentId,
    now,
    operator.id,
  );
}

/** Every campaign with its running tally as of `now`, newest first. */
export function listCampaignTallies(db: Db, now: number): CampaignTally[] {
  const ids = (db.prepare(`SELECT id FROM campaigns ORDER BY start_date DESC, id DESC`).all() as { id: number }[]).map((r) => r.id);
  const today = shanghaiDate(now);
  return ids.map((id) => {
    const c = getCampaign(db, id);
    const start = shanghaiMidnight(c.startDate);
    const end = shanghaiMidnight(addDays(c.endDate, 1));
    // Counted by SQLite per label: the cases in scope are never read into the report.
    const scope = `
      SELECT i.status, i.closed_at, coalesce(cat.cleanup_label, cat.name) AS label FROM incidents i
      JOIN categories cat ON cat.id = i.category_id
      WHERE i.duplicate_of IS NULL AND i.status <> 'voided' AND (
        (i.category_id IN (SELECT category_id FROM campaign_categories WHERE campaign_id = @id)
          AND i.reported_at < @end AND (i.closed_at IS NULL OR i.closed_at >= @start)
          AND i.grid_id IN (SELECT id FROM grids WHERE id = @area OR parent_id = @area OR parent_id IN (SELECT id FROM grids WHERE parent_id = @area)))
        OR i.id IN (SELECT incident_id FROM campaign_incidents WHERE campaign_id = @id))`;
    const area = (db.prepare(`SELECT id FROM grids WHERE code = ?`).get(c.areaCode) as { id: number }).id;
    const labels = db
      .prepare(
        `SELECT label, count(*) FILTER (WHERE closed_at >= @start AND closed_at < @end) AS closed,
           count(*) FILTER (WHERE closed_at IS NULL AND status NOT IN ('rejected', 'hung')) AS open
         FROM (${scope}) GROUP BY label`,
      )
      .all({ id, start, end, area }) as { label: string; closed: number; open: number }[];
    const counted = labels.filter((l) => l.closed > 0);
    return {
      ...c,
      closed: counted.reduce((n, l) => n + l.closed, 0),
      // Nothing is open in a campaign that has not started yet.
      open: c.startDate > today ? 0 : labels.reduce((n, l) => n + l.open, 0),
      byLabel: counted.map((l) => ({ label: l.label, count: l.closed })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'zh-CN')),
      isActive: c.startDate <= today && today <= c.endDate,
    };
  });
}
