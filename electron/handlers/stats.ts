import { AppError } from '../../db/errors';
import { setSetting } from '../../db/queries/settings';
import { isoWeekOf, parseDateRange, parseIsoWeek, previousWeek } from '../../db/stats/period';
import { COUNTING_RULES } from '../../db/stats/rules';
import { buildStatsReport, countingRuleOf } from '../../db/stats/summary';
import { weeklyTrend } from '../../db/stats/trend';
import { createCampaign, listCampaignTallies, tagIncident } from '../../db/stats/campaigns';
import { buildWeeklyReport } from '../report/weeklyReport';
import type { Handlers } from '../contract';
import type { HandlerDeps } from './deps';
import { withSettingsLog } from '../../db/trust/settingsLog';
import { actorOf, operatorIdOf } from '../auth/gate';
import type { Db } from '../../db/open';
import { DAY_MS as DAY } from '../../db/domain/time';

type StatsHandlers = Pick<Handlers, 'stats:week' | 'stats:period' | 'stats:trend' | 'stats:rules' | 'stats:set-rule' | 'reports:weekly-html' | 'campaigns:list' | 'campaigns:create' | 'campaigns:tag'>;

/** The reads go to `readDb` (a read-only connection when the host has one); the writes to `db`. */
export function statsHandlers({ db, readDb, now }: HandlerDeps & { readDb: Db }): StatsHandlers {
  return {
    'stats:week': ({ week, areaCode, rule }) => {
      const w = parseIsoWeek(week ?? isoWeekOf(now()));
      const prev = parseIsoWeek(previousWeek(w.week));
      return buildStatsReport(readDb, {
        period: w,
        label: `${w.week}（${w.monday} 至 ${w.sunday}）`,
        previous: { period: prev, label: `${prev.week}（${prev.monday} 至 ${prev.sunday}）` },
        areaCode,
        rule,
        now: now(),
      });
    },
    'stats:period': ({ from, to, areaCode, rule }) => {
      const p = parseDateRange(from, to);
      const days = Math.round((p.end - p.start) / DAY);
      if (days > 3660) throw new AppError('invalid-input', `统计区间过长（${days} 天）：最长 10 年`);
      const prev = { start: p.start - days * DAY, end: p.start };
      return buildStatsReport(readDb, { period: p, label: `${from} 至 ${to}`, previous: { period: prev, label: '上一同期' }, areaCode, rule, now: now() });
    },
    'stats:trend': ({ weeks, areaCode, until }) => weeklyTrend(readDb, { weeks, areaCode, until: until ?? isoWeekOf(now()), now: now() }),
    'reports:weekly-html': ({ week, areaCode }) => {
      const { html, report } = buildWeeklyReport(readDb, { week, areaCode, now: now() });
      return { html, title: `${report.unitName} 城市管理网格化工作周报 ${report.period.label}` };
    },
    'campaigns:list': () => listCampaignTallies(readDb, now()),
    'campaigns:create': (input, ctx) =>
      withSettingsLog(db, actorOf(ctx), now(), { action: 'campaign.create', target: `专项行动「${input.name}」` }, () => createCampaign(db, input, now())),
    'campaigns:tag': (input, ctx) =>
      withSettingsLog(db, actorOf(ctx), now(), { action: 'campaign.tag', target: `专项行动 #${input.campaignId}`, after: () => input }, () => {
        tagIncident(db, { ...input, operatorId: operatorIdOf(ctx, '计入专项行动') }, now());
        return null;
      }),
    'stats:rules': () => ({ current: countingRuleOf(readDb), rules: Object.values(COUNTING_RULES) }),
    'stats:set-rule': ({ rule }, ctx) =>
      withSettingsLog(db, actorOf(ctx), now(), { action: 'stats.rule', target: '统计口径', before: countingRuleOf(db), after: () => rule }, () => {
        setSetting(db, 'counting_rule', rule, now());
        return null;
      }),
  };
}
