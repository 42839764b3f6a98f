/**
 * 考核 (monthly assessment): the objects a scheme scores, the indicator library, grades and their
 * colours, and how a scheme turns figures into points. Pure facts shared by the engine, the contract and
 * the pages: the engine computes, the pages show, both from these lists.
 */

/** What a scheme can score: streets, community grids, responsible units, persons (by duty). */
export const ASSESS_OBJECT_TYPES = ['street', 'grid', 'unit', 'person'] as const;
export type AssessObjectType = (typeof ASSESS_OBJECT_TYPES)[number];

export const ASSESS_OBJECT_LABELS: Readonly<Record<AssessObjectType, string>> = {
  street: '街道',
  grid: '社区网格',
  unit: '责任单位',
  person: '人员',
};

/** The indicator library. */
export const ASSESS_INDICATORS = [
  'dispatchOnTimeRate',
  'handlingOnTimeRate',
  'verificationOnTimeRate',
  'closureRate',
  'onTimeClosureRate',
  'reworkRate',
  'extensionRate',
  'overdueOpen',
  'satisfactionRate',
  'returnRate',
  'supervisedCases',
  'patrolCoverage',
  'patrolKm',
  'validReportRate',
  'missedReports',
] as const;
export type AssessIndicatorId = (typeof ASSESS_INDICATORS)[number];

/** A rate (0..1, scored as a share of the weight) or a count / length (scored against peers or a target). */
export type IndicatorKind = 'rate' | 'count';
export type IndicatorDirection = 'higher' | 'lower';

export interface IndicatorInfo {
  readonly id: AssessIndicatorId;
  readonly label: string;
  readonly kind: IndicatorKind;
  /** Which way is better unless a scheme says otherwise. */
  readonly direction: IndicatorDirection;
  /** The object types that can compute it. */
  readonly objects: readonly AssessObjectType[];
  /** How it is counted, printed with every result. */
  readonly definition: string;
  /** Shown after a count ('件', '公里'). */
  readonly unit: string;
}

const CASE_OBJECTS: readonly AssessObjectType[] = ['street', 'grid', 'unit', 'person'];

export const INDICATOR_INFO: Readonly<Record<AssessIndicatorId, IndicatorInfo>> = {
  dispatchOnTimeRate: {
    id: 'dispatchOnTimeRate',
    label: '按时派遣率',
    kind: 'rate',
    direction: 'higher',
    objects: CASE_OBJECTS,
    definition: '按时派遣的环节数 ÷ 应完成的派遣环节数（同统计页环节时效口径）',
    unit: '',
  },
  handlingOnTimeRate: {
    id: 'handlingOnTimeRate',
    label: '按时处置率',
    kind: 'rate',
    direction: 'higher',
    objects: CASE_OBJECTS,
    definition: '按时反馈的处置环节数 ÷ 应完成的处置环节数（同统计页环节时效口径）',
    unit: '',
  },
  verificationOnTimeRate: {
    id: 'verificationOnTimeRate',
    label: '按时核查率',
    kind: 'rate',
    direction: 'higher',
    objects: CASE_OBJECTS,
    definition: '按时核查的环节数 ÷ 应完成的核查环节数（同统计页环节时效口径）',
    unit: '',
  },
  closureRate: {
    id: 'closureRate',
    label: '结案率',
    kind: 'rate',
    direction: 'higher',
    objects: CASE_OBJECTS,
    definition: '结案数 ÷ 应结案数（同统计页，按当前统计口径）',
    unit: '',
  },
  onTimeClosureRate: {
    id: 'onTimeClosureRate',
    label: '按期结案率',
    kind: 'rate',
    direction: 'higher',
    objects: CASE_OBJECTS,
    definition: '按期结案数 ÷ 应结案数（同统计页，按当前统计口径）',
    unit: '',
  },
  reworkRate: {
    id: 'reworkRate',
    label: '返工率',
    kind: 'rate',
    direction: 'lower',
    objects: CASE_OBJECTS,
    definition: '本月结案中曾核查不通过的案件 ÷ 结案数',
    unit: '',
  },
  extensionRate: {
    id: 'extensionRate',
    label: '延期率',
    kind: 'rate',
    direction: 'lower',
    objects: CASE_OBJECTS,
    definition: '本月批准延期的案件 ÷ 立案数',
    unit: '',
  },
  overdueOpen: {
    id: 'overdueOpen',
    label: '超期未结数',
    kind: 'count',
    direction: 'lower',
    objects: CASE_OBJECTS,
    definition: '月末已立案未结案且超过处置期限的案件数',
    unit: '件',
  },
  satisfactionRate: {
    id: 'satisfactionRate',
    label: '满意率',
    kind: 'rate',
    direction: 'higher',
    objects: CASE_OBJECTS,
    definition: '12345 回访（满意＋基本满意）÷ 回访成功次数',
    unit: '',
  },
  returnRate: {
    id: 'returnRate',
    label: '退单率',
    kind: 'rate',
    direction: 'lower',
    objects: CASE_OBJECTS,
    definition: '本月批准退单的 12345 工单 ÷ 本月接收的工单',
    unit: '',
  },
  supervisedCases: {
    id: 'supervisedCases',
    label: '督办件数',
    kind: 'count',
    direction: 'lower',
    objects: CASE_OBJECTS,
    definition: '本月被督办的案件数',
    unit: '件',
  },
  patrolCoverage: {
    id: 'patrolCoverage',
    label: '巡查覆盖率',
    kind: 'rate',
    direction: 'higher',
    objects: ['street', 'grid'],
    definition: '网格面积中距本月巡查轨迹 25 米以内的比例；街道为其社区网格按面积加权',
    unit: '',
  },
  patrolKm: {
    id: 'patrolKm',
    label: '巡查里程',
    kind: 'count',
    direction: 'higher',
    objects: ['street', 'grid', 'person'],
    definition: '本月巡查轨迹在网格内的长度（公里）；人员为其全部轨迹长度',
    unit: '公里',
  },
  validReportRate: {
    id: 'validReportRate',
    label: '有效上报率',
    kind: 'rate',
    direction: 'higher',
    objects: ['person'],
    definition: '本月本人巡查上报且立案（含自行处置）的案件 ÷ 本人巡查上报的案件（含重复、不予立案）',
    unit: '',
  },
  missedReports: {
    id: 'missedReports',
    label: '漏报',
    kind: 'count',
    direction: 'lower',
    objects: ['person'],
    definition: '本人当日巡查过的网格内，当日由 12345 热线或视频监控发现的案件数',
    unit: '件',
  },
};

/** How an indicator's figure becomes points (its weight is the most it can give). */
export const NORMALISATIONS = ['rate', 'peers', 'target'] as const;
export type Normalisation = (typeof NORMALISATIONS)[number];

export const NORMALISATION_LABELS: Readonly<Record<Normalisation, string>> = {
  rate: '按比率：越高越好得 权重×比率，越低越好得 权重×(1−比率)；无可计数的案件得满分',
  peers: '对比同类：最好者得满分，最差者得 0 分，其间按比例；全部相同得满分',
  target: '对比目标值：越高越好得 权重×min(1, 值÷目标)，越低越好不超过目标得满分、超过得 权重×目标÷值',
};

export const GRADES = ['优', '良', '中', '差'] as const;
export type Grade = (typeof GRADES)[number];

/** The default grade colours (a scheme may set its own). */
export const GRADE_COLOURS: Readonly<Record<Grade, string>> = {
  优: '#1a7f37',
  良: '#2f6fd1',
  中: '#c98a00',
  差: '#c62828',
};

/** Printed with every ranking. */
export const TIE_BREAK_TEXT = '得分相同时依次比较：按期结案率高者在前，案件数多者在前，编码小者在前（方案不含结案类指标时不比较按期结案率）。';

export const INSUFFICIENT_LABEL = '样本不足';

/** A month 'YYYY-MM' of the years GridDesk counts in (2000–2099, as weeks: see isoWeekProblem in time.ts). */
export const MONTH_PATTERN = /^(20\d\d)-(0[1-9]|1[0-2])$/;
export const MONTH_HINT = '月份格式应为 YYYY-MM（2000–2099 年，例如 2026-11）';
