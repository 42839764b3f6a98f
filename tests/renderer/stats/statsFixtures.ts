/**
 * Statistics for the fixture district (tests/renderer/fixtures.ts): week 2026-W47 with the week
 * before, two streets, three grids, two categories, three persons; a trend, rules and campaigns.
 */
import { vi } from 'vitest';
import type {
  ApiClient,
  CampaignTally,
  Category,
  CountingRule,
  CountingRuleId,
  Figures,
  StatsReport,
  TrendPoint,
} from '../../../electron/contract';
import { createFakeClient, DISTRICT_CODE, EAST_STREET_CODE, GRID_CODES, WEST_STREET_CODE } from '../fixtures';

export function figures(over: Partial<Figures> = {}): Figures {
  const f: Figures = {
    received: 0,
    registered: 0,
    due: 0,
    closed: 0,
    closedOnTime: 0,
    overdueOpen: 0,
    closedLate: 0,
    rework: 0,
    extended: 0,
    hung: 0,
    fixedOnSpot: 0,
    closureRate: null,
    onTimeRate: null,
    reworkRate: null,
    extensionRate: null,
    avgHandlingHours: null,
    ...over,
  };
  const rate = (n: number, d: number) => (d > 0 ? n / d : null);
  return {
    ...f,
    closureRate: over.closureRate !== undefined ? over.closureRate : rate(f.closed, f.due),
    onTimeRate: over.onTimeRate !== undefined ? over.onTimeRate : rate(f.closedOnTime, f.due),
    reworkRate: over.reworkRate !== undefined ? over.reworkRate : rate(f.rework, f.closed),
    extensionRate: over.extensionRate !== undefined ? over.extensionRate : rate(f.extended, f.registered),
  };
}

const WEST = figures({ received: 96, registered: 85, due: 92, closed: 82, closedOnTime: 69, overdueOpen: 7, closedLate: 13, rework: 5, extended: 6 });
const EAST = figures({ received: 60, registered: 58, due: 50, closed: 48, closedOnTime: 45, overdueOpen: 0, closedLate: 3, rework: 1, extended: 1 });
const TOTAL = figures({
  received: 156,
  registered: 143,
  due: 142,
  closed: 130,
  closedOnTime: 114,
  overdueOpen: 7,
  closedLate: 16,
  rework: 6,
  extended: 7,
  hung: 2,
  fixedOnSpot: 20,
  avgHandlingHours: 40.5,
});
const PREVIOUS = figures({
  received: 140,
  registered: 130,
  due: 130,
  closed: 125,
  closedOnTime: 112,
  overdueOpen: 4,
  rework: 8,
  extended: 4,
  avgHandlingHours: 47.9,
});

export const RULES: CountingRule[] = [
  { id: 'standard', name: '标准口径', description: '应结案数＝期限在本期内或在本期内结案的已立案案件（挂账案件除外）。', excludesHung: true, excludesExtended: false, onTimeDenominator: 'due' },
  { id: 'exclude-extended', name: '扣除延期口径', description: '应结案数扣除经批准延期的案件。', excludesHung: true, excludesExtended: true, onTimeDenominator: 'due' },
  { id: 'closed-based', name: '结案口径', description: '按期结案率＝按期结案数÷结案数。', excludesHung: true, excludesExtended: false, onTimeDenominator: 'closed' },
];

export const CATEGORIES: Category[] = [
  { id: 1, kind: 'event', level: 1, code: '01', parentId: null, name: '市容环境', dispatchLimit: null, dispatchUnit: null, handlingLimit: null, handlingUnit: null, verifyLimit: null, verifyUnit: null, isUrgent: false, cleanupLabel: null, isActive: true },
  { id: 2, kind: 'event', level: 2, code: '0102', parentId: 1, name: '暴露垃圾', dispatchLimit: 1, dispatchUnit: 'wh', handlingLimit: 4, handlingUnit: 'wh', verifyLimit: 1, verifyUnit: 'wd', isUrgent: false, cleanupLabel: '垃圾堆物', isActive: true },
  { id: 3, kind: 'event', level: 2, code: '0104', parentId: 1, name: '道路不洁', dispatchLimit: 1, dispatchUnit: 'wh', handlingLimit: 2, handlingUnit: 'wh', verifyLimit: 1, verifyUnit: 'wd', isUrgent: false, cleanupLabel: null, isActive: true },
  { id: 9, kind: 'component', level: 1, code: '01', parentId: null, name: '公用设施', dispatchLimit: null, dispatchUnit: null, handlingLimit: null, handlingUnit: null, verifyLimit: null, verifyUnit: null, isUrgent: false, cleanupLabel: null, isActive: true },
  { id: 10, kind: 'component', level: 2, code: '0102', parentId: 9, name: '污水井盖', dispatchLimit: 1, dispatchUnit: 'wh', handlingLimit: 2, handlingUnit: 'wd', verifyLimit: 1, verifyUnit: 'wd', isUrgent: false, cleanupLabel: null, isActive: true },
];

export function weekReport(over: Partial<StatsReport> = {}): StatsReport {
  return {
    period: {
      start: '2026-11-16T00:00:00+08:00',
      end: '2026-11-23T00:00:00+08:00',
      startMs: Date.UTC(2026, 10, 15, 16),
      endMs: Date.UTC(2026, 10, 22, 16),
      label: '2026-W47（2026-11-16 至 2026-11-22）',
    },
    area: { id: 1, code: DISTRICT_CODE, name: '芙蓉区', level: 1 },
    rule: { id: 'standard', name: '标准口径', description: RULES[0]!.description },
    unitName: '长沙市芙蓉区城市管理网格化指挥中心',
    totals: TOTAL,
    byStreet: [
      { code: WEST_STREET_CODE, name: '文艺路街道', ...WEST },
      { code: EAST_STREET_CODE, name: '朝阳街街道', ...EAST },
    ],
    byGrid: [
      { code: GRID_CODES[0], name: '识字岭社区第一网格', ...WEST },
      { code: GRID_CODES[1], name: '识字岭社区第二网格', ...figures() },
      { code: GRID_CODES[2], name: '东茅街社区第一网格', ...EAST },
    ],
    byCategory: [
      { id: 2, code: '0102', name: '暴露垃圾', kind: 'event', bigClassName: '市容环境', cleanupLabel: '垃圾堆物', ...figures({ received: 120, due: 100, closed: 98, closedOnTime: 90, overdueOpen: 3 }) },
      { id: 30, code: '0102', name: '污水井盖', kind: 'component', bigClassName: '公用设施', cleanupLabel: null, ...figures({ received: 36, due: 42, closed: 32, closedOnTime: 24, overdueOpen: 4 }) },
    ],
    byPerson: [
      { personId: 7, name: '李宇', ...figures({ due: 27, closed: 26, closedOnTime: 22, overdueOpen: 0 }) },
      { personId: null, name: '未分配', ...figures({ due: 20, closed: 20, closedOnTime: 20 }) },
      { personId: 8, name: '陈凯平', ...figures({ due: 21, closed: 19, closedOnTime: 15, overdueOpen: 3 }) },
    ],
    cleanup: [{ label: '垃圾堆物', count: 98 }],
    overdueList: [
      {
        id: 501,
        caseNo: '2026111400110',
        categoryName: '暴露垃圾',
        gridName: '识字岭社区第一网格',
        streetName: '文艺路街道',
        assigneeName: '陈凯平',
        assigneePhone: '13800000000',
        dueAt: Date.UTC(2026, 10, 20, 2),
        overdueHours: 55.2,
      },
    ],
    previous: { period: { start: '2026-11-09T00:00:00+08:00', end: '2026-11-16T00:00:00+08:00', label: '2026-W46' }, totals: PREVIOUS },
    ...over,
  };
}

export function trend(until = '2026-W47'): TrendPoint[] {
  const n = Number(until.slice(6));
  return Array.from({ length: 12 }, (_, i) => {
    const w = n - 11 + i;
    return { week: `2026-W${String(w).padStart(2, '0')}`, start: 0, end: 0, totals: figures({ received: 100 + w, closed: 90 + w, due: 95 + w, closedOnTime: 80 + w }) };
  });
}

export const CAMPAIGNS: CampaignTally[] = [
  {
    id: 1,
    name: '“三清”专项行动',
    startDate: '2026-10-08',
    endDate: '2026-12-31',
    areaCode: DISTRICT_CODE,
    areaName: '芙蓉区',
    target: 4200,
    categoryIds: [2],
    note: null,
    closed: 2100,
    open: 12,
    byLabel: [{ label: '垃圾堆物', count: 2100 }],
    isActive: true,
  },
];

export const REPORT_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>周报</title>
<style>
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
  @bottom-center { content: "第 " counter(page) " 页"; } }
* { box-sizing: border-box; }
body { font-family: "Microsoft YaHei", sans-serif; margin: 0; }
header h1 { color: #b0282f; }
</style></head>
<body><header><div class="unit">长沙市芙蓉区城市管理网格化指挥中心</div><h1>城市管理网格化工作周报</h1></header>
<section><h2>一、总体情况</h2><p onclick="alert(1)">本期共受理 156 件。</p><script>window.hacked = true</script></section>
</body></html>`;

export interface StatsClientOptions {
  readonly report?: (input: { week?: string; areaCode?: string }) => StatsReport;
  readonly overrides?: Partial<ApiClient>;
}

/** The fixture client with the statistics calls answered. */
export function createStatsClient(options: StatsClientOptions = {}): ApiClient {
  let current: CountingRuleId = 'standard';
  return createFakeClient({
    overrides: {
      'stats:week': vi.fn(async (input) => (options.report ?? (() => weekReport()))(input)),
      'stats:trend': vi.fn(async (input) => trend(input.until)),
      'stats:rules': vi.fn(async () => ({ current, rules: RULES })),
      'stats:set-rule': vi.fn(async ({ rule }) => {
        current = rule;
        return null;
      }),
      'categories:list': vi.fn(async () => CATEGORIES),
      'campaigns:list': vi.fn(async () => CAMPAIGNS),
      'reports:weekly-html': vi.fn(async () => ({ html: REPORT_HTML, title: '长沙市芙蓉区城市管理网格化指挥中心 城市管理网格化工作周报 2026 年第 47 周' })),
      ...options.overrides,
    },
  });
}
