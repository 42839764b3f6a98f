import type { Db } from '../../db/open';
import { chainHead, countEvents } from '../../db/trust/chain';
import { getSetting } from '../../db/queries/settings';
import { renderAreaMapSvg } from '../../db/stats/mapSvg';
import { isoWeekOf, parseIsoWeek, previousWeek, shanghaiIso } from '../../db/stats/period';
import { buildStatsReport, type StatsReport } from '../../db/stats/summary';
import { weeklyTrend } from '../../db/stats/trend';
import { listCampaignTallies } from '../../db/stats/campaigns';
import { renderWeeklyReportHtml } from './weeklyReportHtml';

/** Everything the printed weekly summary shows, as one HTML document. */
export function buildWeeklyReport(db: Db, input: { week?: string | undefined; areaCode?: string | undefined; now: number }): { html: string; report: StatsReport } {
  const w = parseIsoWeek(input.week ?? isoWeekOf(input.now));
  const prev = parseIsoWeek(previousWeek(w.week));
  const report = buildStatsReport(db, {
    period: w,
    label: `${w.week.replace('-W', ' 年第 ')} 周（${w.monday} 至 ${w.sunday}）`,
    previous: { period: prev, label: `${prev.monday} 至 ${prev.sunday}` },
    areaCode: input.areaCode,
    now: input.now,
  });
  const trend = weeklyTrend(db, { weeks: 12, until: w.week, areaCode: input.areaCode, now: input.now });
  const mapSvg = renderAreaMapSvg(db, { areaGridId: report.area.id, areaLevel: report.area.level, start: w.start, end: w.end, now: input.now });
  const html = renderWeeklyReportHtml(report, {
    mapSvg,
    trend,
    generatedAt: shanghaiIso(input.now).slice(0, 16).replace('T', ' '),
    isDemo: getSetting(db, 'demo') !== null,
    campaigns: listCampaignTallies(db, Math.min(input.now, w.end - 1)).filter((c) => c.startDate <= w.sunday && c.endDate >= w.monday),
    chain: { head: chainHead(db), events: countEvents(db) },
  });
  return { html, report };
}
