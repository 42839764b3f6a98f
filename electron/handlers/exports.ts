/**
 * Case exports as jobs (db/export/jobs.ts): the file name from the filter, the place to save from the host's
 * output (Electron's save dialog) or the staging folder the page downloads from in chunks (browser mode).
 * A job belongs to the operator who started it.
 */
import { ExportJobs, type ExportRunner } from '../../db/export/jobs';
import { exportFileName, EXPORT_EXTENSIONS } from '../../db/export/fileName';
import type { Db } from '../../db/open';
import type { CallContext, Handlers } from '../contract';
import type { HostOutput } from '../report/output';
import { actorOf } from '../auth/gate';

type ExportHandlers = Pick<Handlers, 'exports:start' | 'exports:progress' | 'exports:cancel' | 'exports:read'>;

export interface ExportHandlerDeps {
  /** The host's writer connection: while it is open the host is (a restore or quitting closes it, and exports stop). */
  readonly db: Db;
  /** Reads the names the file name carries. */
  readonly readDb: Db;
  readonly now: () => number;
  readonly databasePath: string;
  readonly nativeBinding?: string | undefined;
  readonly output: HostOutput;
  /** Reads and writes the file in a call host worker (default: on this thread, in slices). */
  readonly runner?: ExportRunner | undefined;
}

const SAVE_FILTERS = {
  csv: 'CSV 表格（UTF-8）',
  xlsx: 'Excel 工作簿',
  geojson: 'GeoJSON 地理数据',
  open311: 'Open311 GeoReport v2（JSON）',
} as const;

export function exportHandlers(deps: ExportHandlerDeps): ExportHandlers {
  const { readDb, now, output } = deps;
  const jobs = new ExportJobs({ databasePath: deps.databasePath, nativeBinding: deps.nativeBinding, isHostOpen: () => deps.db.open, runner: deps.runner });
  const owner = (ctx: CallContext | undefined) => actorOf(ctx).operatorId;

  return {
    'exports:start': async ({ format, filter }, ctx) => {
      const at = now();
      // As the case list counts them: duplicates only when the filter asks for them.
      const listFilter = { includeDuplicates: false, ...filter };
      const fileName = exportFileName(readDb, listFilter, format, at);
      let savePath: string | null = null;
      if (output.chooseSavePath) {
        savePath = await output.chooseSavePath(fileName, { name: SAVE_FILTERS[format], extensions: [EXPORT_EXTENSIONS[format]] });
        if (!savePath) return ExportJobs.declined(format, fileName);
      }
      return jobs.start({ format, filter: listFilter, fileName, now: at, savePath, ownerId: owner(ctx) });
    },
    'exports:progress': ({ jobId }, ctx) => jobs.status(jobId, owner(ctx)),
    'exports:cancel': ({ jobId }, ctx) => jobs.cancel(jobId, owner(ctx)),
    'exports:read': ({ jobId, offset }, ctx) => jobs.read(jobId, owner(ctx), offset),
  };
}
