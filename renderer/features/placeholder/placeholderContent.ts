import type { AppInfo } from '../../../electron/contract';
import type { IconName } from '../../ui/Icon';

export type PlaceholderPageId = 'import' | 'stats';

interface PlaceholderContent {
  readonly title: string;
  readonly summary: string;
  readonly icon: IconName;
  readonly now: (info: AppInfo) => string;
  readonly features: readonly string[];
}

const n = (value: number) => value.toLocaleString('zh-CN');

export const PLACEHOLDER_CONTENT: Readonly<Record<PlaceholderPageId, PlaceholderContent>> = {
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
