/**
 * 责任单位: the departments a case can be dispatched to and a person belongs to. The kinds are a closed
 * list (the migration's CHECK names the same codes); the page's options and the labels derive from it.
 */

export const UNIT_KINDS = [
  'street_office',
  'enforcement',
  'sanitation',
  'greening',
  'water',
  'municipal',
  'utility',
  'command',
  'other',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Readonly<Record<UnitKind, string>> = {
  street_office: '街道办事处',
  enforcement: '城管执法',
  sanitation: '环卫',
  greening: '园林绿化',
  water: '水务',
  municipal: '市政设施',
  utility: '公用事业（供电、燃气、通信）',
  command: '指挥中心',
  other: '其他',
};

/** The longest unit code (编码). */
export const UNIT_CODE_MAX = 30;
/** A unit's code: letters, digits, '-' and '_', as a district numbers its departments. */
export const UNIT_CODE_PATTERN = /^[0-9A-Za-z_-]{1,30}$/;

/** Longest unit name, in characters (the migration's CHECK and the page's input agree). */
export const UNIT_NAME_MAX = 100;

/**
 * The kind a unit's name suggests, by its words; the more specific words are tried first so that
 * 「文艺路街道环卫所」 is 环卫, not 街道办事处. Unknown words → 'other'.
 */
const KIND_WORDS: readonly (readonly [UnitKind, RegExp])[] = [
  ['sanitation', /环卫|保洁|清扫|环境卫生/],
  ['greening', /园林|绿化/],
  ['water', /水务|供水|排水|自来水|污水/],
  ['municipal', /市政/],
  ['utility', /供电|电力|电网|燃气|天然气|通信|电信|移动|联通|广电|公用事业/],
  ['enforcement', /城管|执法/],
  ['command', /指挥中心|网格化/],
  ['street_office', /办事处|街道/],
];

export function guessUnitKind(name: string): UnitKind {
  for (const [kind, words] of KIND_WORDS) if (words.test(name)) return kind;
  return 'other';
}
