/** Exports of the case list with its filter (CSV, XLSX, GeoJSON, Open311), run as jobs with progress and cancel. */
import { z } from 'zod';
import type { ExportFormat } from '../../db/export/cases';
import type { ExportChunk, ExportJobStatus } from '../../db/export/jobs';
import { call } from './define';
import { incidentFilter } from './common';

/** The formats the desk offers, in the order of its menu. */
export const EXPORT_FORMATS = ['csv', 'xlsx', 'geojson', 'open311'] as const satisfies readonly ExportFormat[];
// Every format the writer knows is offered: a new one fails to compile here until it is listed.
type Unoffered = Exclude<ExportFormat, (typeof EXPORT_FORMATS)[number]>;
const everyFormatOffered: [Unoffered] extends [never] ? true : never = true;
void everyFormatOffered;

const jobId = z.object({ jobId: z.string().uuid() }).strict();

export const exportCalls = {
  'exports:start': call<ExportJobStatus>()({
    input: z.object({ format: z.enum(EXPORT_FORMATS), filter: incidentFilter.default({}) }).strict(),
    doc:
      'Export the cases matching a filter (as the case list shows them) as a job; the file name carries the filter and the ' +
      'day. Electron asks where to save first (closing the dialog: a cancelled job).',
  }),
  'exports:progress': call<ExportJobStatus>()({
    input: jobId,
    doc: "An export's rows written of the total, and its outcome once it ends.",
  }),
  'exports:cancel': call<ExportJobStatus>()({
    input: jobId,
    doc: 'Stop an export: its partial file is removed (a finished one not yet downloaded is removed too).',
  }),
  'exports:read': call<ExportChunk>()({
    input: z.object({ jobId: z.string().uuid(), offset: z.number().int().min(0) }).strict(),
    doc: 'Read a finished export in 4 MiB chunks for the page to download (browser mode); the last chunk removes the host copy.',
  }),
} as const;
