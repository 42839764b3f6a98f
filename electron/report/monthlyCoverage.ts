/**
 * The monthly report's coverage table: db/patrol's figures per community grid (patrolFigures), summed by
 * street — length and time added, coverage weighted by each grid's area, so a street's share is the share
 * of its area within 25 m of a walked track, as for a grid.
 */
import type { Db } from '../../db/open';
import { patrolFigures } from '../../db/patrol/coverage';
import type { CoverageRow, CoverageTable } from './monthlyReportHtml';

const HOUR_MS = 3_600_000;

export function monthlyCoverage(db: Db, range: { start: number; end: number }): CoverageTable | null {
  const figures = patrolFigures(db, { fromMs: range.start, toMs: range.end });
  if (figures.byGrid.size === 0) return null;
  const grids = db
    .prepare(`SELECT g.id, g.parent_id AS parentId, g.area_m2 AS area FROM grids g WHERE g.level = 3`)
    .all() as { id: number; parentId: number | null; area: number }[];
  const streets = db.prepare(`SELECT id, code, name FROM grids WHERE level = 2 ORDER BY code`).all() as { id: number; code: string; name: string }[];
  const sum = (code: string, name: string, members: typeof grids): CoverageRow => {
    let lengthM = 0;
    let durationMs = 0;
    let coveredArea = 0;
    let area = 0;
    let walked = 0;
    for (const g of members) {
      const f = figures.byGrid.get(g.id);
      area += g.area;
      if (!f) continue;
      lengthM += f.lengthM;
      durationMs += f.durationMs;
      coveredArea += f.coveredShare * g.area;
      if (f.patrolCount > 0 && (f.lengthM > 0 || f.coveredShare > 0)) walked++;
    }
    return { code, name, grids: members.length, walkedGrids: walked, lengthKm: lengthM / 1000, hours: durationMs / HOUR_MS, coveredShare: area > 0 ? coveredArea / area : 0 };
  };
  const rows = streets.map((s) => sum(s.code, s.name, grids.filter((g) => g.parentId === s.id)));
  return { rows, total: sum('', '全区', grids) };
}
