/**
 * A 12345 order typed by hand in the new-case dialog: the order's own fields as the form holds them, their
 * checks (the host checks them again), and the hotline:create input they become with the case's fields.
 */
import { DEMAND_TYPES, DEMAND_TYPE_LABELS, ORDER_NO_MAX, type DemandType } from '../../../db/domain/hotline';
import type { CallInput } from '../../../electron/contract';
import { formatDateTime, parseLocalDateTime, toLocalDateTimeValue } from '../../domain/time';

export interface OrderDraft {
  readonly orderNo: string;
  /** datetime-local text, Shanghai time */
  readonly calledAt: string;
  readonly callerName: string;
  readonly callerPhone: string;
  readonly demandType: DemandType | '';
  /** datetime-local text, Shanghai time; '' = the platform gave none */
  readonly platformDueAt: string;
}

export type OrderProblems = Partial<Record<keyof OrderDraft, string>>;

/** Longest phone text the host keeps. */
export const PHONE_MAX = 60;

export const DEMAND_TYPE_OPTIONS = DEMAND_TYPES.map((t) => ({ value: t, label: DEMAND_TYPE_LABELS[t] }));

export function emptyOrderDraft(now: number): OrderDraft {
  return { orderNo: '', calledAt: toLocalDateTimeValue(now), callerName: '', callerPhone: '', demandType: '', platformDueAt: '' };
}

/** What is wrong with the order's fields, in the words the form shows under each. */
export function orderProblems(d: OrderDraft, now: number): OrderProblems {
  const p: OrderProblems = {};
  const orderNo = d.orderNo.normalize('NFKC').trim();
  if (orderNo === '') p.orderNo = '请填写工单编号（12345 平台的工单号）';
  else if ([...orderNo].length > ORDER_NO_MAX) p.orderNo = `工单编号过长：最多 ${ORDER_NO_MAX} 个字符`;
  const calledAt = d.calledAt.trim() ? parseLocalDateTime(d.calledAt) : null;
  if (d.calledAt.trim() && calledAt === null) p.calledAt = '来电时间格式不正确';
  else if (calledAt !== null && calledAt > now + 5 * 60_000) p.calledAt = '来电时间不能晚于当前时间';
  if (d.platformDueAt.trim()) {
    const due = parseLocalDateTime(d.platformDueAt);
    if (due === null) p.platformDueAt = '平台办理时限格式不正确';
    else if (due <= (calledAt ?? now)) p.platformDueAt = `平台办理时限须晚于来电时间 ${formatDateTime(calledAt ?? now)}`;
  }
  if ([...d.callerPhone.trim()].length > PHONE_MAX) p.callerPhone = `联系电话过长：最多 ${PHONE_MAX} 个字符`;
  return p;
}

export const hasOrderProblems = (p: OrderProblems): boolean => Object.values(p).some(Boolean);

type OrderInput = CallInput<'hotline:create'>;

/** The hotline:create input: the order's fields and the case's (content, address, small class, place). */
export function orderInput(
  d: OrderDraft,
  c: Pick<OrderInput, 'content' | 'categoryId' | 'address' | 'gridCode' | 'lon' | 'lat' | 'crs'>,
): OrderInput {
  const calledAt = d.calledAt.trim() ? parseLocalDateTime(d.calledAt) : null;
  const platformDueAt = d.platformDueAt.trim() ? parseLocalDateTime(d.platformDueAt) : null;
  return {
    orderNo: d.orderNo.normalize('NFKC').trim(),
    ...(calledAt !== null ? { calledAt } : {}),
    ...(d.callerName.trim() ? { callerName: d.callerName.trim() } : {}),
    ...(d.callerPhone.trim() ? { callerPhone: d.callerPhone.trim() } : {}),
    ...(d.demandType ? { demandType: d.demandType } : {}),
    ...(platformDueAt !== null ? { platformDueAt } : {}),
    content: c.content,
    categoryId: c.categoryId,
    ...(c.address ? { address: c.address } : {}),
    ...(c.gridCode ? { gridCode: c.gridCode } : {}),
    ...(c.lon !== undefined && c.lat !== undefined ? { lon: c.lon, lat: c.lat, crs: c.crs ?? 'wgs84' } : {}),
  };
}
