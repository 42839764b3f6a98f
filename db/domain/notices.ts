/** The printed notices (催办通知书, 督办单, 派遣单): their kinds and titles. Pure. */
export const NOTICE_KINDS = ['催办', '督办', '派遣'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const NOTICE_TITLES: Readonly<Record<NoticeKind, string>> = { 催办: '催办通知书', 督办: '督办单', 派遣: '派遣单' };
