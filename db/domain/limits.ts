/**
 * Lengths of free text, in characters (code points), enforced the same way by the contract's schemas,
 * the store's checks, the migration CHECK constraints, the import and the page's inputs.
 */
export const TEXT_LIMITS = {
  /** 问题描述 */
  description: 2000,
  /** 说明 on a workflow step */
  note: 2000,
  /** 地址 */
  address: 200,
  /** 上报人, a person's or operator's name, a category's name, a campaign's name */
  name: 50,
  /** 电话 */
  phone: 30,
  /** 所属单位 (free text on a person) */
  organization: 100,
  /** A campaign's note */
  campaignNote: 500,
  /** A holiday's name in the calendar */
  holidayName: 30,
  /** The case list's search box */
  search: 100,
  /** A tile URL */
  url: 2000,
} as const;

export type TextLimitName = keyof typeof TEXT_LIMITS;
