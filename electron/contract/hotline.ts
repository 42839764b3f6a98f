/**
 * 12345 work orders: entering an order, its fields (the caller's phone masked), the logged reveal of the
 * phone, the callback, the grid of an order that came without one, the 签收 limit, and the export back to
 * the platform. The order's other steps (签收, 办结 with the reply, 退单 and its approval) are workflow
 * actions through incidents:transition.
 */
import { z } from 'zod';
import type { IncidentDetail } from '../../db/types';
import type { AckLimit, HotlineOrderView } from '../../db/queries/hotline';
import type { OperatorRole } from '../../db/domain/codes';
import { CALLBACK_RESULTS, DEMAND_TYPES } from '../../db/domain/hotline';
import { call } from './define';
import { crs, epochMs, gridCode, id, isoDate, lat, limitUnit, lon, text, version } from './common';

/** Orders are entered, called back and their settings kept by the supervision centre. */
const CENTRE: readonly OperatorRole[] = ['supervisor', 'admin'];

export interface HotlineSettings {
  ackLimit: AckLimit;
  callbackLimit: { value: number; unit: 'wh' | 'wd' };
  maxCallbackAttempts: number;
}

export const hotlineCalls = {
  'hotline:create': call<{ incidentId: number; caseNo: string }>()({
    input: z
      .object({
        orderNo: z.string().max(200),
        calledAt: epochMs.optional(),
        callerName: text('name', '来电人').optional(),
        callerPhone: z.string().max(200).optional(),
        demandType: z.enum(DEMAND_TYPES).optional(),
        content: text('description', '诉求内容'),
        address: text('address', '诉求地址').optional(),
        categoryId: id,
        gridCode: gridCode.optional(),
        lon: lon.optional(),
        lat: lat.optional(),
        crs: crs.optional(),
        platformDueAt: epochMs.optional(),
      })
      .strict(),
    doc: 'Enter a 12345 work order; its case waits for 签收 (an order number already on the desk is refused).',
    access: CENTRE,
    writes: ['incidents'],
  }),
  'hotline:get': call<HotlineOrderView | null>()({
    input: z.object({ incidentId: id }).strict(),
    doc: 'The 12345 order behind a case, the caller’s phone masked (null for other cases).',
    reads: ['incidents'],
  }),
  'hotline:reveal-phone': call<{ orderNo: string; callerPhone: string | null }>()({
    input: z.object({ incidentId: id }).strict(),
    doc: 'The caller’s full phone number for a supervisor; every reveal is on the settings log.',
    access: CENTRE,
    writes: ['log'],
  }),
  'hotline:callback': call<IncidentDetail>()({
    input: z.object({ incidentId: id, expectedVersion: version, result: z.enum(CALLBACK_RESULTS), note: text('note').optional() }).strict(),
    doc: 'Record a callback to the citizen: 满意, 基本满意, 未接通 (at most 3), or 不满意 (the order is handled again as 重办).',
    access: CENTRE,
    writes: ['incidents'],
  }),
  'hotline:set-grid': call<IncidentDetail>()({
    input: z.object({ incidentId: id, expectedVersion: version, gridCode, categoryId: id.optional() }).strict(),
    doc: 'Choose the grid (and small class) of an order that arrived without one, before it is dispatched.',
    access: CENTRE,
    writes: ['incidents'],
  }),
  'hotline:settings': call<HotlineSettings>()({
    input: z.object({}).strict(),
    doc: 'The 签收 limit, the callback limit and the most unanswered callbacks.',
    reads: ['settings'],
  }),
  'hotline:set-ack-limit': call<AckLimit>()({
    input: z.object({ value: z.number().finite(), unit: limitUnit }).strict(),
    doc: 'Set the 签收 limit of 12345 orders (in working hours or days, more than zero); logged.',
    access: CENTRE,
    writes: ['settings'],
  }),
  'hotline:export': call<{ fileName: string; dataBase64: string; orders: number }>()({
    input: z.object({ from: isoDate, to: isoDate }).strict(),
    doc: 'The XLSX for the city platform: orders closed or returned in the dates (工单编号, 办理结果, 答复内容, 办结时间, 回访结果).',
    reads: ['incidents'],
  }),
} as const;
