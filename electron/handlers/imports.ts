import path from 'node:path';
import { Buffer } from 'node:buffer';
import { AppError } from '../../db/errors';
import { batchIssues, listBatches, rejectedRowsCsv, undoBatch } from '../../db/import/batches';
import { readGridFile } from '../../db/import/gridFile';
import { gridProperties, proposeGridMapping } from '../../db/import/gridBoundaries';
import { ImportJobs } from '../../db/import/jobs';
import { deleteMapping, listMappings, saveMapping } from '../../db/import/mappings';
import { previewImport } from '../../db/import/preview';
import { appendUpload, resolveSource, stagingDir } from '../../db/import/uploads';
import { withSettingsLog } from '../../db/trust/settingsLog';
import { actorOf } from '../auth/gate';
import type { Handlers } from '../contract';
import type { HandlerDeps } from './deps';
import { assertSourceAllowed, type Transport } from './pathGrants';

type ImportHandlers = Pick<
  Handlers,
  | 'imports:upload'
  | 'imports:preview'
  | 'imports:start'
  | 'imports:progress'
  | 'imports:cancel'
  | 'imports:list'
  | 'imports:issues'
  | 'imports:rejected-csv'
  | 'imports:undo'
  | 'imports:mappings'
  | 'imports:save-mapping'
  | 'imports:delete-mapping'
  | 'grids:import-preview'
  | 'grids:import'
>;

export interface ImportHandlerDeps extends HandlerDeps {
  readonly databasePath: string;
  /** Decides which `path` sources may be read (see ./pathGrants.ts); uploads are always read. */
  readonly transport: Transport;
  /** better-sqlite3 built for Electron's ABI, for the worker's own connection. */
  readonly nativeBinding?: string | undefined;
  /** The worker entry when the host is bundled (see db/import/jobs.ts). */
  readonly importWorkerEntry?: string | undefined;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Imports run as jobs in a worker thread with its own connection; these handlers start them,
 * report their progress and manage batches, mappings and uploads.
 */
export function importHandlers(deps: ImportHandlerDeps): ImportHandlers {
  const { db, now, databasePath } = deps;
  const jobs = new ImportJobs({ dbPath: databasePath, nativeBinding: deps.nativeBinding, workerEntry: deps.importWorkerEntry });
  const staging = stagingDir(databasePath);
  const attachmentsDir = path.join(path.dirname(databasePath), 'attachments');
  const resolve = (source: Parameters<typeof resolveSource>[1]) => {
    assertSourceAllowed(deps.transport, source);
    return resolveSource(staging, source);
  };

  return {
    'imports:upload': ({ uploadId, fileName, offset, dataBase64 }) => {
      if (!BASE64.test(dataBase64)) throw new AppError('invalid-input', '上传的数据不是有效的 Base64 编码');
      return appendUpload(staging, { uploadId, fileName, offset, data: Buffer.from(dataBase64, 'base64') });
    },
    'imports:preview': ({ source, ...read }) => {
      const s = resolve(source);
      return previewImport(db, s.file, s.fileName, read);
    },
    'imports:start': ({ source, crs, mapping, dryRun, ...read }, ctx) => {
      const s = resolve(source);
      // The batch is the session's operator's (null: the command line on this PC).
      const operatorId = actorOf(ctx).operatorId ?? undefined;
      return jobs.start(
        {
          kind: 'incidents',
          params: {
            file: s.file,
            fileName: s.fileName,
            read,
            mapping,
            crs,
            dryRun,
            operatorId,
            photoDir: s.photoDir,
            attachmentsDir,
            now: now(),
          },
        },
        s.bytes,
      );
    },
    'imports:progress': ({ jobId }) => jobs.status(jobId),
    'imports:cancel': ({ jobId }) => jobs.cancel(jobId),
    'imports:list': () => listBatches(db),
    'imports:issues': ({ batchId, severity, offset, limit }) => batchIssues(db, batchId, severity, offset, limit),
    'imports:rejected-csv': ({ batchId }) => {
      const { fileName, csv, rows } = rejectedRowsCsv(db, batchId);
      return { fileName, rows, dataBase64: Buffer.from(csv, 'utf8').toString('base64') };
    },
    'imports:undo': ({ batchId }, ctx) => {
      const running = jobs.running();
      if (running) throw new AppError('conflict', `导入正在进行（${running.fileName}）：请完成后再撤销`);
      const actor = actorOf(ctx);
      return withSettingsLog(
        db,
        actor,
        now(),
        { action: 'import.undo', target: `导入批次 #${batchId}`, after: (r: { voided: number; kept: unknown[] }) => ({ voided: r.voided, kept: r.kept.length }) },
        () => undoBatch(db, batchId, actor.operatorId, now()),
      );
    },
    'imports:mappings': () => listMappings(db),
    'imports:save-mapping': ({ name, mapping }) => saveMapping(db, name, mapping, now()),
    'imports:delete-mapping': ({ id }) => {
      deleteMapping(db, id);
      return null;
    },
    'grids:import-preview': async ({ source, format }) => {
      const s = resolve(source);
      const file = await readGridFile(s.file, s.fileName, format);
      const properties = gridProperties(file);
      return {
        fileName: s.fileName,
        format: file.format,
        features: file.features.length,
        properties,
        sample: file.features.slice(0, 5).map((f) => Object.fromEntries(properties.map((p) => [p, f.properties[p] == null ? '' : String(f.properties[p])]))),
        mapping: proposeGridMapping(file),
        encoding: file.encoding,
      };
    },
    'grids:import': ({ source, format, crs, mapping, dryRun }, ctx) => {
      const s = resolve(source);
      const actor = actorOf(ctx);
      return jobs.start(
        {
          kind: 'grids',
          params: { file: s.file, fileName: s.fileName, format, mapping, crs, dryRun, now: now(), operatorId: actor.operatorId, operatorName: actor.name },
        },
        s.bytes,
      );
    },
  };
}
