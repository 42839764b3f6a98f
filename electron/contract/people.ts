/** Who works: operators at the desk, responsible persons and their duties (定人定点定责定岗). */
import { z } from 'zod';
import type { Operator, PersonSummary } from '../../db/types';
import type { PersonWorkload } from '../../db/queries/persons';
import { call } from './define';
import type { OperatorRole } from '../../db/domain/codes';

/** Persons and duties are kept by the supervisors and administrators. */
const EDITORS: readonly OperatorRole[] = ['supervisor', 'admin'];
import { dutyRole, empty, gridCode, id, isoDate, requiredName, text } from './common';

export const peopleCalls = {
  'operators:list': call<Operator[]>()({
    input: empty,
    doc: 'The local operators (who sits at this PC), active first.',
    reads: ['operators', 'persons'],
  }),
  'persons:list': call<PersonSummary[]>()({
    input: z.object({ gridCode: gridCode.optional(), activeOnly: z.boolean().optional() }).strict(),
    doc: 'Persons with their current duties, optionally those on duty in one grid.',
    reads: ['persons', 'grids'],
  }),
  'persons:workload': call<PersonWorkload[]>()({
    input: empty,
    doc: 'Open, overdue and closed-this-week cases per person.',
    reads: ['persons', 'incidents'],
  }),
  'persons:create': call<{ id: number }>()({
    input: z
      .object({
        name: requiredName('姓名'),
        phone: text('phone').optional(),
        organization: text('organization').optional(),
        unitId: id.nullable().optional(),
      })
      .strict(),
    doc: 'Add a responsible person, optionally in a unit (supervisors and administrators).',
    access: EDITORS,
    writes: ['persons'],
  }),
  'persons:set-active': call<null>()({
    input: z.object({ personId: id, isActive: z.boolean() }).strict(),
    doc: 'Activate or deactivate a person (never deleted).',
    access: EDITORS,
    writes: ['persons'],
  }),
  'persons:set-unit': call<null>()({
    input: z.object({ personId: id, unitId: id.nullable() }).strict(),
    doc: 'Put a person in a responsible unit (null: in none); a deactivated unit is refused.',
    access: EDITORS,
    writes: ['persons'],
  }),
  'persons:add-duty': call<{ id: number }>()({
    input: z
      .object({
        personId: id,
        gridCode,
        role: dutyRole,
        categoryBigCode: z.string().regex(/^\d{2}$/).nullable().optional(),
        validFrom: isoDate,
        validTo: isoDate.nullable().optional(),
      })
      .strict(),
    doc: 'Give a person a duty in a grid, valid from/to a date (定人定点定责定岗).',
    access: EDITORS,
    writes: ['persons'],
  }),
  'persons:end-duty': call<null>()({
    input: z.object({ dutyId: id, validTo: isoDate }).strict(),
    doc: 'End a duty on a date; the record stays.',
    access: EDITORS,
    writes: ['persons'],
  }),
  'persons:reassign': call<{ moved: number[] }>()({
    input: z.object({ fromPersonId: id, toPersonId: id, note: text('note').optional() }).strict(),
    doc: "Move all of a person's open cases to another person, logged on each case.",
    access: EDITORS,
    writes: ['incidents', 'persons'],
  }),
} as const;
