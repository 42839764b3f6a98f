/**
 * 责任单位: the units a case is dispatched to and a person belongs to. Supervisors (and the leaders) read
 * them for dispatch and the persons page; only administrators add, edit or deactivate one (never deleted).
 */
import { z } from 'zod';
import type { UnitSummary } from '../../db/queries/units';
import { UNIT_CODE_PATTERN, UNIT_KINDS, UNIT_NAME_MAX } from '../../db/domain/units';
import { DUTY_ROLES, type OperatorRole } from '../../db/domain/codes';
import { ADMIN_ONLY, call } from './define';
import { gridCode, id, isoDate, text } from './common';

/** Who sees the units: those who dispatch, keep the persons, and the leaders. */
const READERS: readonly OperatorRole[] = ['supervisor', 'admin', 'manager'];

export const unitCalls = {
  'units:list': call<UnitSummary[]>()({
    input: z.object({ activeOnly: z.boolean().optional() }).strict(),
    doc: 'The responsible units (active first, by code) with parent, street, persons and open cases.',
    access: READERS,
    reads: ['persons', 'grids', 'incidents'],
  }),
  'units:save': call<{ id: number }>()({
    input: z
      .object({
        /** Absent: a new unit. */
        id: id.optional(),
        code: z.string().trim().regex(UNIT_CODE_PATTERN, '单位编码只能由字母、数字、“-”和“_”组成，1 到 30 个字符'),
        name: z.string().trim().min(1, '单位名称不能为空').max(UNIT_NAME_MAX, `单位名称最多 ${UNIT_NAME_MAX} 个字`),
        kind: z.enum(UNIT_KINDS),
        parentId: id.nullable().optional(),
        streetCode: gridCode.nullable().optional(),
        phone: text('phone').nullable().optional(),
      })
      .strict(),
    doc: 'Add or edit a unit (administrators); duplicate codes or names, unknown parents or streets are refused.',
    access: ADMIN_ONLY,
    writes: ['persons'],
  }),
  'units:deactivate': call<null>()({
    input: z.object({ id, active: z.boolean().default(false) }).strict(),
    doc: 'Deactivate (or re-activate) a unit: never deleted, the cases and persons that name it keep it.',
    access: ADMIN_ONLY,
    writes: ['persons'],
  }),
  'units:add-duty': call<{ id: number }>()({
    input: z
      .object({
        unitId: id,
        gridCode,
        role: z.enum(DUTY_ROLES),
        categoryBigCode: z.string().regex(/^\d{2}$/).nullable().optional(),
        validFrom: isoDate,
        validTo: isoDate.nullable().optional(),
      })
      .strict(),
    doc: 'Give a unit a duty in a grid (定责 to a department): a dispatch with nobody on duty there goes to the unit.',
    access: ADMIN_ONLY,
    writes: ['persons'],
  }),
} as const;

export type { UnitSummary };
