/**
 * A call host worker's side: its own read-only connection to the database (WAL: it reads a consistent
 * snapshot while the host's writer commits) and the same handlers the host's thread would run for the
 * long calls (LONG_CALLS), so an answer is the same wherever it is computed. A task's `now` is the host's
 * clock at dispatch. One task at a time; `cancel` stops a task that looks between slices (the export, a
 * stream); a single long query is stopped by the host killing this worker.
 */
import { openDatabase, type Db } from '../../db/open';
import { AppError } from '../../db/domain/errors';
import { ExportCancelled, countExportRows, exportCases } from '../../db/export/cases';
import { LONG_CALLS } from '../contract/longCalls';
import type { ByteChunks } from '../contract/mapPointsWire';
import { statsHandlers } from '../handlers/stats';
import { assessHandlers } from '../handlers/assess';
import { reportHandlers } from '../handlers/reports';
import { pointsStream } from '../handlers/map';
import { toErrorPayload } from '../handlers/invoke';
import { buildWeeklyReport } from '../report/weeklyReport';
import type { HostOutput } from '../report/output';
import { CANCELLED_MESSAGE, type HostMessage, type Task, type WorkerInit, type WorkerMessage } from './protocol';

type Post = (message: WorkerMessage) => void;

/** A worker builds the monthly report's HTML; it never prints (the host's thread does). */
const noPrinter: HostOutput = {
  printPdf: () => Promise.reject(new AppError('internal', '后台计算进程不打印')),
};

interface Running {
  readonly id: number;
  cancelled: boolean;
  stream: ByteChunks | null;
}

/** The connection's pragmas, as the host's own reader (electron/host.ts). */
function openReader(init: WorkerInit): Db {
  const { db } = openDatabase(init.databasePath, { readonly: true, ...(init.nativeBinding ? { nativeBinding: init.nativeBinding } : {}) });
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  return db;
}

/** Serves a worker's messages: `init` first, then tasks. Returns the listener to feed every host message to. */
export function serveWorker(post: Post): (message: HostMessage) => void {
  let db: Db | null = null;
  let initError: AppError | null = null;
  let clock = 0;
  let running: Running | null = null;
  let calls: Record<string, ((input: unknown, ctx: unknown) => unknown) | undefined> = {};

  const setUp = (init: WorkerInit) => {
    try {
      const reader = openReader(init);
      db = reader;
      const now = () => clock;
      const stats = statsHandlers({ db: reader, readDb: reader, now }) as unknown as Record<string, (input: unknown, ctx: unknown) => unknown>;
      // The reads only: the writes (assess:publish, assess:scheme-save) stay on the host's writer.
      const assess = assessHandlers({ db: reader, readDb: reader, now }) as unknown as Record<string, (input: unknown, ctx: unknown) => unknown>;
      const reports = reportHandlers({ readDb: reader, now, output: noPrinter }) as unknown as Record<string, (input: unknown, ctx: unknown) => unknown>;
      calls = {
        'stats:week': stats['stats:week'],
        'stats:period': stats['stats:period'],
        'stats:trend': stats['stats:trend'],
        'reports:weekly-html': stats['reports:weekly-html'],
        'campaigns:list': stats['campaigns:list'],
        'assess:compute': assess['assess:compute'],
        'assess:result': assess['assess:result'],
        'assess:diff': assess['assess:diff'],
        'assess:object': assess['assess:object'],
        'reports:monthly-html': reports['reports:monthly-html'],
        'map:points': (input) => pointsStream(reader, (input as { filter: Parameters<typeof pointsStream>[1] }).filter, now()),
      };
      for (const name of LONG_CALLS) if (!calls[name]) throw new AppError('internal', `后台计算进程缺少调用：${name}`);
    } catch (e) {
      initError = e instanceof AppError ? e : new AppError('database', `后台计算进程无法打开数据库：${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const fail = (id: number, e: unknown) => post({ type: 'error', id, error: toErrorPayload(e) });

  const run = async (id: number, task: Task): Promise<void> => {
    const job: Running = { id, cancelled: false, stream: null };
    running = job;
    try {
      if (initError) throw initError;
      if (!db) throw new AppError('internal', '后台计算进程尚未初始化');
      clock = task.now;
      if (task.kind === 'call') {
        const handler = calls[task.name];
        if (!handler) throw new AppError('not-found', `此调用不在后台计算：${task.name}`);
        const value = await handler(task.input, task.ctx);
        if (task.name === 'map:points') return await stream(job, value as ByteChunks);
        post({ type: 'value', id, value: value === undefined ? null : value });
      } else if (task.kind === 'weekly-html') {
        const { html, report } = buildWeeklyReport(db, { week: task.week, areaCode: task.areaCode, now: task.now });
        post({ type: 'value', id, value: { html, unitName: report.unitName, periodLabel: report.period.label, areaName: report.area.name } });
      } else {
        const reader = db;
        const counts = countExportRows(reader, { format: task.format, filter: task.filter, now: task.now, sidecars: false });
        post({ type: 'progress', id, progress: { done: 0, total: counts.total, cases: counts.cases } });
        await exportCases(
          reader,
          { format: task.format, file: task.file, filter: task.filter, now: task.now, sidecars: false },
          {
            onProgress: (rows) => post({ type: 'progress', id, progress: { done: rows, total: counts.total } }),
            isCancelled: () => job.cancelled,
          },
        );
        if (job.cancelled) throw new ExportCancelled();
        post({ type: 'value', id, value: { cases: counts.cases, totalRows: counts.total } });
      }
    } catch (e) {
      fail(id, e instanceof ExportCancelled ? new AppError('busy', CANCELLED_MESSAGE) : e);
    } finally {
      if (running === job && !job.stream) running = null;
    }
  };

  /** A streamed answer: the first chunk now (a failing query is an error before any byte), then one per pull. */
  const stream = async (job: Running, chunks: ByteChunks): Promise<void> => {
    const first = await chunks.read();
    if (first === null) {
      post({ type: 'stream', id: job.id, first: new Uint8Array(0) });
      post({ type: 'chunk', id: job.id, bytes: null });
      return;
    }
    job.stream = chunks;
    post({ type: 'stream', id: job.id, first });
  };

  const endStream = (job: Running) => {
    if (running === job) running = null;
    const chunks = job.stream;
    job.stream = null;
    void chunks?.cancel().catch(() => undefined);
    post({ type: 'chunk', id: job.id, bytes: null });
  };

  const pull = async (id: number): Promise<void> => {
    const job = running;
    if (!job || job.id !== id || !job.stream) return;
    try {
      const bytes = await job.stream.read();
      if (bytes === null || job.cancelled) return endStream(job);
      post({ type: 'chunk', id, bytes });
    } catch (e) {
      if (running === job) running = null;
      job.stream = null;
      fail(id, e);
    }
  };

  return (message) => {
    switch (message.type) {
      case 'init':
        setUp(message.init);
        return;
      case 'run':
        void run(message.id, message.task);
        return;
      case 'pull':
        void pull(message.id);
        return;
      case 'cancel': {
        const job = running;
        if (!job || job.id !== message.id) return;
        job.cancelled = true;
        if (job.stream) endStream(job);
        return;
      }
    }
  };
}
