/** The district's rules: categories and their time limits, the working calendar. */
import { z } from 'zod';
import type { Category } from '../../db/types';
import type { CalendarView } from '../../db/queries/calendar';
import { call, ADMIN_ONLY } from './define';
import { id, isoDate, limitUnit, requiredName, text } from './common';

const limit = z.number().positive().max(365);
const clock = z.string().regex(/^\d{2}:\d{2}$/, '时间格式应为 HH:mm');

export const settingsCalls = {
  'categories:update': call<Category>()({
    input: z
      .object({
        id,
        name: requiredName().optional(),
        handlingLimit: limit.optional(),
        handlingUnit: limitUnit.optional(),
        dispatchLimit: limit.optional(),
        dispatchUnit: limitUnit.optional(),
        verifyLimit: limit.optional(),
        verifyUnit: limitUnit.optional(),
        isUrgent: z.boolean().optional(),
        isActive: z.boolean().optional(),
      })
      .strict(),
    doc: "Edit a category's name, time limits or flags.",
    access: ADMIN_ONLY,
    writes: ['categories'],
  }),
  'calendar:get': call<CalendarView>()({
    input: z.object({ year: z.number().int().min(2000).max(2100) }).strict(),
    doc: 'Working periods and the holidays / 调休 days of a year.',
    reads: ['calendar'],
  }),
  'calendar:set-day': call<null>()({
    input: z
      .object({ date: isoDate, kind: z.enum(['holiday', 'workday']).nullable(), name: text('holidayName').optional() })
      .strict(),
    doc: 'Mark a date as holiday or 调休 working day, or back to normal (kind null).',
    access: ADMIN_ONLY,
    writes: ['calendar'],
  }),
  'calendar:set-periods': call<null>()({
    input: z
      .object({ periods: z.array(z.object({ start: clock, end: clock }).strict()).min(1).max(6) })
      .strict(),
    doc: 'Set the working periods of a working day.',
    access: ADMIN_ONLY,
    writes: ['calendar'],
  }),
} as const;
