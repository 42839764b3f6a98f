import type { CategoryKind, LimitUnit } from '../types';

/**
 * The category table shipped with GridDesk (editable in the app): 事件 (events) and 部件
 * (components), big classes with their small classes. Limits apply to small classes.
 * Event limits follow DOMAIN.md (published city tables where known, sensible defaults otherwise).
 */

export interface DefaultSmallClass {
  /** Two-digit small-class number; the stored code is big + small (4 digits). */
  code: string;
  name: string;
  handlingLimit: number;
  handlingUnit: LimitUnit;
  isUrgent?: boolean;
  /** What one closed case counts as in cleanup tallies (清理垃圾堆物、违规招牌 …). */
  cleanupLabel?: string;
}

export interface DefaultBigClass {
  kind: CategoryKind;
  /** Two-digit big-class code. */
  code: string;
  name: string;
  children: readonly DefaultSmallClass[];
}

/** Dispatch within 1 working hour; urgent cases within 10 minutes. */
export const DISPATCH_LIMIT_WH = 1;
export const URGENT_DISPATCH_LIMIT_WH = 1 / 6;
/** Verification (核查) after the handler reports back. */
export const VERIFY_LIMIT_WH = 4;
export const URGENT_VERIFY_LIMIT_WH = 2;

export const DEFAULT_EVENT_CLASSES: readonly DefaultBigClass[] = [
  {
    kind: 'event',
    code: '01',
    name: '市容环境',
    children: [
      // 私搭乱建 is a staged case in the published rules: stop the works within 4 wh, penalty
      // decision within 7 wd, demolition within 20 wd. One limit per class is stored, so the longest
      // stage is the handling limit; the stages are tracked in the case notes.
      { code: '01', name: '私搭乱建', handlingLimit: 20, handlingUnit: 'wd', cleanupLabel: '违章建筑' },
      { code: '02', name: '暴露垃圾', handlingLimit: 4, handlingUnit: 'wh', cleanupLabel: '垃圾堆物' },
      { code: '03', name: '积存垃圾渣土', handlingLimit: 4, handlingUnit: 'wh', cleanupLabel: '垃圾堆物' },
      { code: '04', name: '道路不洁', handlingLimit: 2, handlingUnit: 'wh' },
      { code: '05', name: '绿地脏乱', handlingLimit: 4, handlingUnit: 'wh' },
      { code: '06', name: '水域不洁', handlingLimit: 15, handlingUnit: 'wd' },
      { code: '07', name: '焚烧垃圾树叶', handlingLimit: 1, handlingUnit: 'wh' },
    ],
  },
  {
    kind: 'event',
    code: '02',
    name: '宣传广告',
    children: [
      { code: '01', name: '非法小广告', handlingLimit: 1, handlingUnit: 'wd', cleanupLabel: '非法小广告' },
      { code: '02', name: '违规户外广告', handlingLimit: 5, handlingUnit: 'wd', cleanupLabel: '违规招牌' },
    ],
  },
  {
    kind: 'event',
    code: '03',
    name: '施工管理',
    children: [
      { code: '01', name: '施工占道', handlingLimit: 1, handlingUnit: 'wd' },
      { code: '02', name: '工地扬尘', handlingLimit: 4, handlingUnit: 'wh' },
      { code: '03', name: '施工扰民', handlingLimit: 2, handlingUnit: 'wh' },
    ],
  },
  {
    kind: 'event',
    code: '04',
    name: '街面秩序',
    children: [
      { code: '01', name: '无照经营游商', handlingLimit: 2, handlingUnit: 'wh', cleanupLabel: '流动摊担' },
      { code: '02', name: '占道经营', handlingLimit: 2, handlingUnit: 'wh', cleanupLabel: '占道经营' },
      { code: '03', name: '店外经营', handlingLimit: 4, handlingUnit: 'wh' },
      { code: '04', name: '占道停车', handlingLimit: 2, handlingUnit: 'wh', cleanupLabel: '占道停车' },
      { code: '05', name: '露天烧烤', handlingLimit: 1, handlingUnit: 'wh' },
    ],
  },
  {
    kind: 'event',
    code: '05',
    name: '突发事件',
    children: [
      { code: '01', name: '路面塌陷', handlingLimit: 2, handlingUnit: 'wh', isUrgent: true },
      { code: '02', name: '道路积水', handlingLimit: 2, handlingUnit: 'wh', isUrgent: true },
      { code: '03', name: '管道破裂', handlingLimit: 2, handlingUnit: 'wh', isUrgent: true },
    ],
  },
  {
    kind: 'event',
    code: '06',
    name: '环境投诉',
    children: [{ code: '01', name: '环境信访', handlingLimit: 5, handlingUnit: 'wd', cleanupLabel: '环保信访' }],
  },
];

/** 部件: damaged or missing public facilities, repaired by the owning unit within 1–5 working days. */
export const DEFAULT_COMPONENT_CLASSES: readonly DefaultBigClass[] = [
  {
    kind: 'component',
    code: '01',
    name: '公用设施',
    children: [
      { code: '01', name: '上水井盖', handlingLimit: 1, handlingUnit: 'wd' },
      { code: '02', name: '污水井盖', handlingLimit: 1, handlingUnit: 'wd' },
      { code: '03', name: '雨水井盖', handlingLimit: 1, handlingUnit: 'wd' },
      { code: '04', name: '雨水箅子', handlingLimit: 1, handlingUnit: 'wd' },
      { code: '05', name: '电力井盖', handlingLimit: 1, handlingUnit: 'wd' },
      { code: '06', name: '通信井盖', handlingLimit: 2, handlingUnit: 'wd' },
      { code: '07', name: '路灯', handlingLimit: 2, handlingUnit: 'wd' },
      { code: '08', name: '消防栓', handlingLimit: 2, handlingUnit: 'wd' },
      { code: '09', name: '电力设施箱', handlingLimit: 3, handlingUnit: 'wd' },
    ],
  },
  {
    kind: 'component',
    code: '02',
    name: '道路交通',
    children: [
      { code: '01', name: '公交站亭', handlingLimit: 3, handlingUnit: 'wd' },
      { code: '02', name: '交通标志牌', handlingLimit: 3, handlingUnit: 'wd' },
      { code: '03', name: '交通信号灯', handlingLimit: 1, handlingUnit: 'wd' },
      { code: '04', name: '道路护栏', handlingLimit: 3, handlingUnit: 'wd' },
      { code: '05', name: '路名牌', handlingLimit: 5, handlingUnit: 'wd' },
      { code: '06', name: '人行道板', handlingLimit: 5, handlingUnit: 'wd' },
    ],
  },
  {
    kind: 'component',
    code: '03',
    name: '市容环境',
    children: [
      { code: '01', name: '公共厕所', handlingLimit: 2, handlingUnit: 'wd' },
      { code: '02', name: '垃圾转运站', handlingLimit: 2, handlingUnit: 'wd' },
      { code: '03', name: '垃圾箱', handlingLimit: 2, handlingUnit: 'wd' },
      { code: '04', name: '广告牌匾', handlingLimit: 5, handlingUnit: 'wd' },
      { code: '05', name: '报刊亭', handlingLimit: 5, handlingUnit: 'wd' },
    ],
  },
  {
    kind: 'component',
    code: '04',
    name: '园林绿化',
    children: [
      { code: '01', name: '古树名木', handlingLimit: 2, handlingUnit: 'wd' },
      { code: '02', name: '行道树', handlingLimit: 3, handlingUnit: 'wd' },
      { code: '03', name: '护树设施', handlingLimit: 3, handlingUnit: 'wd' },
      { code: '04', name: '绿地', handlingLimit: 5, handlingUnit: 'wd' },
      { code: '05', name: '街头座椅', handlingLimit: 5, handlingUnit: 'wd' },
    ],
  },
  {
    kind: 'component',
    code: '05',
    name: '房屋土地',
    children: [
      { code: '01', name: '宣传栏', handlingLimit: 5, handlingUnit: 'wd' },
      { code: '02', name: '人防工事', handlingLimit: 5, handlingUnit: 'wd' },
      { code: '03', name: '房屋外立面', handlingLimit: 5, handlingUnit: 'wd' },
    ],
  },
  {
    kind: 'component',
    code: '06',
    name: '其他设施',
    children: [
      { code: '01', name: '健身设施', handlingLimit: 3, handlingUnit: 'wd' },
      { code: '02', name: '水域附属设施', handlingLimit: 5, handlingUnit: 'wd' },
      { code: '03', name: '监控电子眼', handlingLimit: 3, handlingUnit: 'wd' },
    ],
  },
];

export const DEFAULT_CATEGORY_CLASSES: readonly DefaultBigClass[] = [...DEFAULT_EVENT_CLASSES, ...DEFAULT_COMPONENT_CLASSES];

/** A small class flattened with the limits that seeding stores. */
export interface DefaultCategoryLimits {
  kind: CategoryKind;
  /** 4-digit code: big + small. */
  code: string;
  name: string;
  bigName: string;
  handlingLimit: number;
  handlingUnit: LimitUnit;
  dispatchLimit: number;
  verifyLimit: number;
  isUrgent: boolean;
  cleanupLabel: string | null;
}

/** Every default small class, with the full code and the dispatch and verification limits (in wh). */
export function defaultSmallClasses(): DefaultCategoryLimits[] {
  return DEFAULT_CATEGORY_CLASSES.flatMap((big) =>
    big.children.map((small) => {
      const isUrgent = small.isUrgent ?? false;
      return {
        kind: big.kind,
        code: big.code + small.code,
        name: small.name,
        bigName: big.name,
        handlingLimit: small.handlingLimit,
        handlingUnit: small.handlingUnit,
        dispatchLimit: isUrgent ? URGENT_DISPATCH_LIMIT_WH : DISPATCH_LIMIT_WH,
        verifyLimit: isUrgent ? URGENT_VERIFY_LIMIT_WH : VERIFY_LIMIT_WH,
        isUrgent,
        cleanupLabel: small.cleanupLabel ?? null,
      };
    }),
  );
}
