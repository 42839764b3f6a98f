/** Cases: the list, one case, registering, the workflow, duplicates, photos. */
import { z } from 'zod';
import type { BulkResult, DuplicateCandidate, IncidentDetail, IncidentPage } from '../../db/types';
import type { Attachment } from '../../db/queries/attachments';
import { call } from './define';
import { CALLBACK_RESULTS } from '../../db/domain/hotline';
import {
  action,
  attachmentStage,
  crs,
  epochMs,
  gridCode,
  id,
  incidentFilter,
  lat,
  lon,
  priority,
  source,
  text,
  version,
} from './common';

export const incidentCalls = {
  'incidents:list': call<IncidentPage>()({
    input: z
      .object({
        filter: incidentFilter.default({}),
        sort: z.enum(['reported_desc', 'reported_asc', 'due_asc', 'case_no_desc']).default('reported_desc'),
        limit: z.number().int().min(1).max(500).default(100),
        after: z.string().max(200).optional(),
      })
      .strict(),
    doc: 'One page of the case list for a filter, keyset-paged in SQLite.',
    reads: ['incidents', 'grids', 'categories', 'persons'],
  }),
  'incidents:count': call<number>()({
    input: z.object({ filter: incidentFilter.default({}) }).strict(),
    doc: 'How many cases match a filter.',
    reads: ['incidents'],
  }),
  'incidents:get': call<IncidentDetail>()({
    input: z.object({ id }).strict(),
    doc: 'One case with its timeline, duplicates and original.',
    reads: ['incidents', 'grids', 'categories', 'persons', 'operators', 'attachments'],
  }),
  'incidents:create': call<IncidentDetail>()({
    input: z
      .object({
        categoryId: id,
        description: text('description'),
        address: text('address').optional(),
        lon: lon.optional(),
        lat: lat.optional(),
        crs: crs.default('wgs84'),
        gridCode: gridCode.optional(),
        source,
        reporter: text('name', '上报人').optional(),
        priority: priority.optional(),
        fixedOnSpot: z.boolean().optional(),
      })
      .strict(),
    doc: 'Register a new report as the logged-in operator, at the host’s time; the grid is found from the location, coordinates stored as WGS-84.',
    writes: ['incidents'],
  }),
  'incidents:transition': call<IncidentDetail>()({
    input: z
      .object({
        incidentId: id,
        action,
        expectedVersion: version,
        note: text('note').optional(),
        assigneeId: id.optional(),
        /** dispatch: the responsible unit; alone, any handler of the unit may 签收 the case. */
        unitId: id.optional(),
        requestedDueAt: epochMs.optional(),
        reply: text('description', '答复内容').optional(),
        callbackResult: z.enum(CALLBACK_RESULTS).optional(),
      })
      .strict(),
    doc: 'One workflow step, refused unless legal in the current state for this operator and version (12345 orders: the reply at 办结, the callback result).',
    writes: ['incidents'],
  }),
  'incidents:bulk-transition': call<BulkResult>()({
    input: z
      .object({
        items: z.array(z.object({ incidentId: id, expectedVersion: version }).strict()).min(1).max(1000),
        action,
        note: text('note').optional(),
        assigneeId: id.optional(),
        unitId: id.optional(),
      })
      .strict(),
    doc: 'The same step on many cases; each case succeeds or fails on its own, with a reason.',
    writes: ['incidents'],
  }),
  'incidents:suggest-duplicates': call<DuplicateCandidate[]>()({
    input: z
      .object({
        categoryId: id,
        lon: z.number().finite(),
        lat: z.number().finite(),
        crs: crs.default('wgs84'),
        at: epochMs.optional(),
        excludeId: id.optional(),
        radiusM: z.number().positive().max(1000).optional(),
        windowDays: z.number().positive().max(365).optional(),
      })
      .strict(),
    doc: 'Open cases of the same small class within 50 m (and a time window): possible duplicates.',
    reads: ['incidents'],
  }),
  'incidents:link-duplicate': call<IncidentDetail>()({
    input: z
      .object({ incidentId: id, originalId: id, expectedVersion: version, note: text('note').optional() })
      .strict(),
    doc: 'Mark a case as a duplicate of an original; it leaves the statistics.',
    writes: ['incidents'],
  }),
  'incidents:default-assignee': call<{ id: number; name: string } | null>()({
    input: z.object({ gridCode, categoryId: id }).strict(),
    doc: 'The person on duty in a grid for a category, the default for dispatch.',
    reads: ['persons', 'grids'],
  }),
  'attachments:add': call<Attachment>()({
    input: z
      .object({
        incidentId: id,
        stage: attachmentStage,
        fileName: z.string().min(1).max(200),
        dataBase64: z.string().min(1).max(28_000_000, '照片过大：最大 20 MB'),
      })
      .strict(),
    doc: 'Attach a photo to a case (stored once by content hash); logged on the timeline.',
    writes: ['attachments', 'incidents'],
  }),
  'attachments:list': call<Attachment[]>()({
    input: z.object({ incidentId: id }).strict(),
    doc: "A case's photos.",
    reads: ['attachments'],
  }),
  'attachments:get': call<{ mime: string; dataBase64: string }>()({
    input: z.object({ id }).strict(),
    doc: 'The bytes of one photo.',
    reads: ['attachments'],
  }),
} as const;
