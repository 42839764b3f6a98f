/**
 * Export jobs, as the desk runs them: start answers at once with a job id; progress (rows written of the
 * total), cancel (stops, removes the partial file) and the finished file are asked for by id. Each job reads
 * through its own read-only connection — its iterator stays open across the pauses that keep the host
 * answering, which a shared connection would not allow — and writes in slices (./cases.ts), so memory
 * stays bounded whatever the size. The file is written under a temporary name and renamed when complete.
 *
 * Where the file goes: to the place the person chose (Electron's save dialog), or into a staging folder
 * beside the database from which the page reads it in chunks (browser mode), removed once read, on
 * cancel, and a day later at the latest.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, isAppError, type ErrorKind } from '../domain/errors';
import { openDatabase, toBusyError } from '../open';
import type { IncidentFilter } from '../types';
import { ExportCancelled, countExportRows, exportCases, type ExportFormat } from './cases';

export type ExportJobState = 'running' | 'done' | 'cancelled' | 'failed';

export interface ExportJobStatus {
  jobId: string;
  state: ExportJobState;
  format: ExportFormat;
  /** The name to save under, e.g. 案件导出_超期_芙蓉街道_2026-12-01.xlsx. */
  fileName: string;
  /** Rows written: cases, then (XLSX) history and settings-log rows. */
  rowsWritten: number;
  /** Rows the export will write (0 until counted). */
  totalRows: number;
  /** Cases matching the filter (0 until counted). */
  cases: number;
  /** The finished file's size. */
  bytes: number;
  /** Where the file was saved (Electron's save dialog); null when the page downloads it with exports:read. */
  savedTo: string | null;
  elapsedMs: number;
  error: { kind: ErrorKind; message: string } | null;
}

/** A piece of a finished export, for the page to download (browser mode). */
export interface ExportChunk {
  dataBase64: string;
  offset: number;
  /** Bytes in this chunk. */
  bytes: number;
  /** The whole file's size. */
  total: number;
  /** The last chunk: the host has removed its copy. */
  done: boolean;
}

export interface ExportJobsOptions {
  databasePath: string;
  nativeBinding?: string | undefined;
  /** Where files wait for the page to read them; default: export-staging beside the database. */
  stagingDir?: string | undefined;
  /** False once the host's store has closed (a restore, quitting): running exports stop. */
  isHostOpen?: () => boolean;
  /** Bytes per chunk read (default EXPORT_CHUNK_BYTES; tests read small files in several). */
  chunkBytes?: number;
  /**
   * Where the file is read and written: by default here, on a connection of the job's own, between turns of
   * the event loop; the call host passes a runner that does the same in one of its workers.
   */
  runner?: ExportRunner | undefined;
}

/** Counts and writes one export's file (`file`: the partial name the job renames once complete). */
export type ExportRunner = (
  run: { format: ExportFormat; filter: IncidentFilter; file: string; now: number },
  hooks: { onCounts(counts: { total: number; cases: number }): void; onProgress(rows: number): void; signal: AbortSignal },
) => Promise<void>;

export interface ExportJobParams {
  format: ExportFormat;
  filter: IncidentFilter;
  fileName: string;
  now: number;
  /** The chosen place (Electron); null: the staging folder, for the page to download. */
  savePath: string | null;
  /** The operator who started it (null: in-process callers); only they may follow, read or cancel it. */
  ownerId: number | null;
}

interface Job {
  readonly status: ExportJobStatus;
  readonly ownerId: number | null;
  /** Where the finished file is (null once read and removed). */
  file: string | null;
  isCancelRequested: boolean;
  readonly started: number;
  readonly done: Promise<ExportJobStatus>;
}

/** 4 MiB a chunk: about 5.6 MB of base64 in each answer, well within what the transports carry. */
export const EXPORT_CHUNK_BYTES = 4 * 1024 * 1024;
/** Exports running at once, all operators together (each reads the whole filter once). */
export const MAX_RUNNING_EXPORTS = 2;
const KEEP_FINISHED = 20;
const STAGED_FOR_MS = 24 * 3_600_000;

export function exportStagingDir(databasePath: string): string {
  return path.join(path.dirname(path.resolve(databasePath)), 'export-staging');
}

export class ExportJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly staging: string;

  constructor(private readonly options: ExportJobsOptions) {
    this.staging = options.stagingDir ?? exportStagingDir(options.databasePath);
    this.removeStale();
  }

  /** A save dialog closed without a choice: a job that never ran, reported as cancelled. */
  static declined(format: ExportFormat, fileName: string): ExportJobStatus {
    return { ...initialStatus(crypto.randomUUID(), format, fileName, null), state: 'cancelled' };
  }

  start(params: ExportJobParams): ExportJobStatus {
    const running = [...this.jobs.values()].filter((j) => j.status.state === 'running');
    const own = running.find((j) => j.ownerId === params.ownerId);
    if (own) throw new AppError('conflict', `已有导出正在进行（${own.status.fileName}）：请等待完成或取消后再试`);
    if (running.length >= MAX_RUNNING_EXPORTS) throw new AppError('busy', '同时进行的导出已达上限：请稍后再试');
    const jobId = crypto.randomUUID();
    let target = params.savePath;
    if (!target) {
      fs.mkdirSync(this.staging, { recursive: true });
      target = path.join(this.staging, `${jobId}${path.extname(params.fileName)}`);
    }
    const status = initialStatus(jobId, params.format, params.fileName, params.savePath);
    const started = Date.now();
    let resolveDone: (s: ExportJobStatus) => void = () => undefined;
    const job: Job = {
      status,
      ownerId: params.ownerId,
      file: null,
      isCancelRequested: false,
      started,
      done: new Promise<ExportJobStatus>((resolve) => (resolveDone = resolve)),
    };
    this.jobs.set(jobId, job);
    const end = (patch: Partial<ExportJobStatus>) => {
      Object.assign(status, patch, { elapsedMs: Date.now() - started });
      this.prune();
      resolveDone({ ...status });
    };
    // Started on the next turn, so `start` answers before the first rows are counted.
    setImmediate(() => {
      this.run(job, params, target).then(
        (file) => {
          job.file = file;
          end({ state: 'done', bytes: fs.statSync(file).size, rowsWritten: status.totalRows });
        },
        (e: unknown) => {
          if (e instanceof ExportCancelled) return end({ state: 'cancelled' });
          const error = toBusyError(e);
          end({
            state: 'failed',
            error: isAppError(error)
              ? { kind: error.kind, message: error.message }
              : { kind: 'internal', message: `导出失败：${error instanceof Error ? error.message : String(error)}` },
          });
        },
      );
    });
    return { ...status };
  }

  /** Writes the export under a temporary name beside the target, then renames it: the target appears complete or not at all. */
  private async run(job: Job, params: ExportJobParams, target: string): Promise<string> {
    const partial = `${target}.part`;
    const isCancelled = () => job.isCancelRequested || !(this.options.isHostOpen?.() ?? true);
    if (isCancelled()) throw new ExportCancelled();
    if (this.options.runner) return this.runElsewhere(this.options.runner, job, params, partial, target, isCancelled);
    const { db } = openDatabase(this.options.databasePath, { readonly: true, ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}) });
    try {
      db.pragma('busy_timeout = 5000');
      const counts = countExportRows(db, { format: params.format, filter: params.filter, now: params.now, sidecars: false });
      Object.assign(job.status, { totalRows: counts.total, cases: counts.cases });
      await exportCases(
        db,
        { format: params.format, file: partial, filter: params.filter, now: params.now, sidecars: false },
        { onProgress: (rows) => (job.status.rowsWritten = rows), isCancelled },
      );
      if (isCancelled()) throw new ExportCancelled();
      fs.renameSync(partial, target);
      return target;
    } catch (e) {
      fs.rmSync(partial, { force: true });
      throw e;
    } finally {
      db.close();
    }
  }

  /** The same export through the runner: cancelled (the host closing included) by aborting its signal. */
  private async runElsewhere(runner: ExportRunner, job: Job, params: ExportJobParams, partial: string, target: string, isCancelled: () => boolean): Promise<string> {
    const controller = new AbortController();
    const watch = setInterval(() => {
      if (isCancelled()) controller.abort();
    }, 100);
    try {
      await runner(
        { format: params.format, filter: params.filter, file: partial, now: params.now },
        {
          onCounts: (counts) => Object.assign(job.status, { totalRows: counts.total, cases: counts.cases }),
          onProgress: (rows) => (job.status.rowsWritten = rows),
          signal: controller.signal,
        },
      );
      if (isCancelled()) throw new ExportCancelled();
      fs.renameSync(partial, target);
      return target;
    } catch (e) {
      fs.rmSync(partial, { force: true });
      throw isCancelled() ? new ExportCancelled() : e;
    } finally {
      clearInterval(watch);
    }
  }

  private require(jobId: string, ownerId: number | null): Job {
    const job = this.jobs.get(jobId);
    // Someone else's export is answered as unknown: its existence is not theirs to learn.
    if (!job || job.ownerId !== ownerId) throw new AppError('not-found', '导出任务不存在或已过期');
    return job;
  }

  status(jobId: string, ownerId: number | null): ExportJobStatus {
    const job = this.require(jobId, ownerId);
    if (job.status.state === 'running') job.status.elapsedMs = Date.now() - job.started;
    return { ...job.status };
  }

  /** Asks a running export to stop: it removes its partial file and ends as 'cancelled'. A finished export's file is removed. */
  cancel(jobId: string, ownerId: number | null): ExportJobStatus {
    const job = this.require(jobId, ownerId);
    if (job.status.state === 'running') job.isCancelRequested = true;
    else this.discard(job);
    return { ...job.status };
  }

  wait(jobId: string): Promise<ExportJobStatus> {
    const job = this.jobs.get(jobId);
    if (!job) throw new AppError('not-found', '导出任务不存在或已过期');
    return job.done;
  }

  /** A chunk of a finished export waiting in the staging folder; the last one removes it. */
  read(jobId: string, ownerId: number | null, offset: number): ExportChunk {
    const job = this.require(jobId, ownerId);
    if (job.status.state !== 'done') throw new AppError('conflict', `导出尚未完成（${job.status.fileName}）`);
    if (job.status.savedTo !== null) throw new AppError('invalid-input', `导出已保存到 ${job.status.savedTo}，无需下载`);
    if (!job.file || !fs.existsSync(job.file)) throw new AppError('not-found', `导出文件已下载或已过期：${job.status.fileName}`);
    const total = fs.statSync(job.file).size;
    if (offset > total) throw new AppError('invalid-input', `读取位置超出文件大小（${offset} > ${total}）`);
    const length = Math.min(this.options.chunkBytes ?? EXPORT_CHUNK_BYTES, total - offset);
    const data = Buffer.alloc(length);
    const fd = fs.openSync(job.file, 'r');
    try {
      fs.readSync(fd, data, 0, length, offset);
    } finally {
      fs.closeSync(fd);
    }
    const done = offset + length >= total;
    if (done) this.discard(job);
    return { dataBase64: data.toString('base64'), offset, bytes: length, total, done };
  }

  /** Stops every running export (the host is closing) and waits for them to remove their files. */
  async close(): Promise<void> {
    const running = [...this.jobs.values()].filter((j) => j.status.state === 'running');
    for (const job of running) job.isCancelRequested = true;
    await Promise.all(running.map((j) => j.done));
    for (const job of this.jobs.values()) this.discard(job);
  }

  /** Removes a staged file (a file saved where the person chose is theirs and stays). */
  private discard(job: Job): void {
    if (job.file && job.status.savedTo === null) fs.rmSync(job.file, { force: true });
    job.file = null;
  }

  private prune(): void {
    const finished = [...this.jobs.entries()].filter(([, j]) => j.status.state !== 'running');
    for (const [id, job] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      this.discard(job);
      this.jobs.delete(id);
    }
    this.removeStale();
  }

  /** Staged files nobody came for: left by a page that closed, or by a host that stopped. */
  private removeStale(): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.staging);
    } catch {
      return;
    }
    const live = new Set([...this.jobs.values()].map((j) => j.file));
    for (const name of names) {
      const file = path.join(this.staging, name);
      try {
        if (!live.has(file) && Date.now() - fs.statSync(file).mtimeMs > STAGED_FOR_MS) fs.rmSync(file, { force: true });
      } catch {
        // Gone meanwhile.
      }
    }
  }
}

function initialStatus(jobId: string, format: ExportFormat, fileName: string, savedTo: string | null): ExportJobStatus {
  return { jobId, state: 'running', format, fileName, rowsWritten: 0, totalRows: 0, cases: 0, bytes: 0, savedTo, elapsedMs: 0, error: null };
}
