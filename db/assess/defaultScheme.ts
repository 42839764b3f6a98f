/**
 * The schemes a new database starts with: 综合考核 (streets, community grids, units and the persons
 * responsible for cases, scored on closing cases well and on time) and 巡查员考核 (inspectors, scored on
 * their patrols and reports). Administrators change them in 考核 → 方案; a change is a new version.
 */
import { GRADE_COLOURS } from '../domain/assess';
import type { GradeBand, SchemeDefinition } from './types';

export const DEFAULT_GRADES: GradeBand[] = [
  { grade: '优', min: 90, colour: GRADE_COLOURS.优 },
  { grade: '良', min: 80, colour: GRADE_COLOURS.良 },
  { grade: '中', min: 60, colour: GRADE_COLOURS.中 },
  { grade: '差', min: 0, colour: GRADE_COLOURS.差 },
];

/** 综合考核: weights 25 + 15 + 10 + 15 + 10 + 5 + 5 + 10 + 5 = 100; 2 points off per 督办 case, at most 10. */
export const DEFAULT_SCHEME: SchemeDefinition = {
  name: '综合考核',
  objects: ['street', 'grid', 'unit', 'person'],
  personDuties: ['grid_leader', 'grid_worker', 'enforcement_officer', 'cleaner'],
  indicators: [
    { id: 'onTimeClosureRate', weight: 25, direction: 'higher', normalisation: 'rate' },
    { id: 'closureRate', weight: 15, direction: 'higher', normalisation: 'rate' },
    { id: 'dispatchOnTimeRate', weight: 10, direction: 'higher', normalisation: 'rate' },
    { id: 'handlingOnTimeRate', weight: 15, direction: 'higher', normalisation: 'rate' },
    { id: 'verificationOnTimeRate', weight: 10, direction: 'higher', normalisation: 'rate' },
    { id: 'reworkRate', weight: 5, direction: 'lower', normalisation: 'rate' },
    { id: 'extensionRate', weight: 5, direction: 'lower', normalisation: 'rate' },
    { id: 'satisfactionRate', weight: 10, direction: 'higher', normalisation: 'rate' },
    { id: 'overdueOpen', weight: 5, direction: 'lower', normalisation: 'peers' },
  ],
  deductions: [{ indicator: 'supervisedCases', pointsEach: 2, cap: 10 }],
  grades: DEFAULT_GRADES,
  minCases: 10,
  note: '区城市管理网格化指挥中心月度综合考核（默认方案）',
};

/** 巡查员考核: 有效上报率 40, 巡查里程 30 (against the other inspectors), 漏报 30 (against the others). */
export const INSPECTOR_SCHEME: SchemeDefinition = {
  name: '巡查员考核',
  objects: ['person'],
  personDuties: ['inspector'],
  indicators: [
    { id: 'validReportRate', weight: 40, direction: 'higher', normalisation: 'rate' },
    { id: 'patrolKm', weight: 30, direction: 'higher', normalisation: 'peers' },
    { id: 'missedReports', weight: 30, direction: 'lower', normalisation: 'peers' },
  ],
  deductions: [],
  grades: DEFAULT_GRADES,
  minCases: 5,
  note: '巡查员月度考核（默认方案）',
};

/** Seeded under these codes (the command line's --scheme takes the code or the id). */
export const DEFAULT_SCHEMES: readonly { code: string; definition: SchemeDefinition }[] = [
  { code: 'general', definition: DEFAULT_SCHEME },
  { code: 'inspector', definition: INSPECTOR_SCHEME },
];
