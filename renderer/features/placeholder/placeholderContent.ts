import type { AppInfo } from '../../../electron/contract';
import type { IconName } from '../../ui/Icon';

export type PlaceholderPageId = 'cases' | 'import' | 'stats';

interface PlaceholderContent {
  readonly title: string;
  readonly summary: string;
  readonly icon: IconName;
  readonly now: (info: AppInfo) => string;
  readonly features: readonly string[];
}

const n = (value: number) => value.toLocaleString('zh-CN');

export const PLACEHOLDER_CONTENT: Readonly<Record<PlaceholderPageId, PlaceholderContent>> = {
  cases: {
    title: '案件',
    summary: '案件从立案、派遣、处置到核查结案的全过程办理。',
    icon: 'cases',
    now: (info) =>
      `当前共有 ${n(info.counts.incidents)} 件案件；各街道、网格的在办与超期数量可在“地图”页查看。`,
    features: [
      '按状态、街道、网格、类别和期限筛选案件列表',
      '立案或不予立案，派遣到网格责任人，退回与延期审批',
      '超期提醒按工作时间计算，节假日与调休自动扣除',
      '核查结案，未通过计为返工；每一步留痕，案件只作废不删除',
    ],
  },
  import: {
    title: '导入',
    summary: '把外部数据带进 GridDesk，不必重新录入。',
    icon: 'import',
    now: (info) => `当前数据库有 ${n(info.counts.grids)} 个网格、${n(info.counts.persons)} 名网格人员。`,
    features: [
      '导入本区网格边界（GeoJSON、Shapefile），校验 15 位编码、缝隙与重叠',
      '导入网格人员与岗位职责（定人定点定责定岗）',
      '导入巡查日志（CSV、Excel，支持 GBK 编码），逐行列出接收与拒收原因',
      '坐标自动从 GCJ-02、BD-09 转换为 WGS-84，并保留原坐标系',
    ],
  },
  stats: {
    title: '统计',
    summary: '按周、按月的综合评价与可打印的工作周报。',
    icon: 'stats',
    now: (info) => `统计将基于当前数据库中的 ${n(info.counts.incidents)} 件案件计算。`,
    features: [
      '受理数、立案数、应结案数、结案数、按期结案数、超期未结',
      '结案率、按期结案率、返工率、延期率，统计口径可配置并打印在报表上',
      '按街道、网格排名，与上周对比',
      'A4 周报离线打印，含单位、统计期间和签字栏',
    ],
  },
};
