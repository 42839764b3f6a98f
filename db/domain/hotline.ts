/**
 * 12345 work orders (市民服务热线工单): the closed lists, their labels, the limits and the phone mask.
 * Pure facts shared by the store, the host and the page.
 */

/** 诉求类型 */
export const DEMAND_TYPES = ['consult', 'help', 'complaint', 'report', 'suggestion'] as const;
export type DemandType = (typeof DEMAND_TYPES)[number];

export const DEMAND_TYPE_LABELS: Readonly<Record<DemandType, string>> = {
  consult: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
};

/** 回访结果: a callback reaches the citizen (满意 / 基本满意 / 不满意) or does not (未接通). */
export const CALLBACK_RESULTS = ['satisfied', 'basic', 'dissatisfied', 'unreachable'] as const;
export type CallbackResult = (typeof CALLBACK_RESULTS)[number];

export function isCallbackResult(v: unknown): v is CallbackResult {
  return (CALLBACK_RESULTS as readonly unknown[]).includes(v);
}

export const CALLBACK_RESULT_LABELS: Readonly<Record<CallbackResult, string>> = {
  satisfied: '满意',
  basic: '基本满意',
  dissatisfied: '不满意',
  unreachable: '未接通',
};

/** After this many unanswered callbacks the citizen counts as 无法联系 and no further attempt is made. */
export const MAX_CALLBACK_ATTEMPTS = 3;
export const UNREACHABLE_LABEL = '无法联系';

/** The 签收 limit when none is set: 2 working hours from the order's arrival on the desk. */
export const DEFAULT_ACK_LIMIT = { value: 2, unit: 'wh' } as const;
/** A callback is due within 1 working day of closure. */
export const CALLBACK_LIMIT = { value: 1, unit: 'wd' } as const;

/** Longest order number kept (the platform's own numbers are ~20 characters). */
export const ORDER_NO_MAX = 64;

/** A label of a demand type from the platform's words (咨询 / 求助 / 投诉 / 举报 / 建议, or the code); null when unknown. */
export function demandTypeOf(text: string): DemandType | null {
  const t = text.normalize('NFKC').trim().toLowerCase();
  if (t === '') return null;
  for (const type of DEMAND_TYPES) {
    if (t === type || t === DEMAND_TYPE_LABELS[type] || t === `${DEMAND_TYPE_LABELS[type]}类`) return type;
  }
  return null;
}

/**
 * A phone number masked for lists, exports and reports: of its digits only the first three and the last
 * four stay (13812345678 → 138****5678), everything else that is a digit becomes '*'; other characters are
 * kept where they are (a dash, a space, an extension mark). A number with fewer than eight digits keeps only
 * its last two. Anything strange is still masked safely: no more than seven digits of any input survive.
 */
export function maskPhone(phone: string | null | undefined): string | null {
  if (phone === null || phone === undefined) return null;
  const chars = [...phone];
  const digitAt = chars.map((ch) => /\p{Nd}/u.test(ch));
  const total = digitAt.filter(Boolean).length;
  if (total === 0) return phone.length > 0 ? '*'.repeat(Math.min([...phone].length, 4)) : phone;
  const keepHead = total >= 8 ? 3 : 0;
  const keepTail = total >= 8 ? 4 : Math.min(2, total - 1);
  let seen = 0;
  return chars
    .map((ch, i) => {
      if (!digitAt[i]) return ch;
      const k = seen++;
      return k < keepHead || k >= total - keepTail ? ch : '*';
    })
    .join('');
}
