/**
 * Reading and judging a large field log on a thread of its own, while the import's thread writes: the
 * file is decoded, parsed and every row validated here (the same pure validator, the same lookups, built
 * from the rows the writing thread read inside its transaction), and the judged rows go back packed
 * (./rowPack.ts) a batch at a time. At most READ_AHEAD batches are in flight: the reader waits when the
 * writer is behind, so memory stays bounded whatever the file's size.
 *
 * The writing thread side is ReaderThread; the thread's own side is readRows, run by ./worker.ts.
 */
import type { ResourceLimits, Worker } from 'node:worker_threads';
import fs from 'node:fs';
import { AppError, isAppError } from '../errors';
import { threadOn } from '../workerThread';
import type { CoordinateSystem } from '../types';
import type { JudgedRow } from './batchWriter';
import { CategoryLookup, type CategoryRow, type ResolvedCategory } from './categoryLookup';
import { GridIndex, type IndexedGrid } from './gridIndex';
import { packRows, unpackRows, type RowPack } from './rowPack';
import { validateRow, type Columns, type RowContext } from './rowValidator';
import { openSource } from './source';
import type { ImportReadOptions } from './types';

/** Batches the reader may be ahead of the writer. */
const READ_AHEAD = 4;

/**
 * Heap bounds of the import's threads. Their live data is small (a CSV's reader holds a few batches, the
 * writer a week of open cases for the near-duplicate check and the daily sums before a flush: ~25 MB at a
 * million rows); without a bound V8 lets the old generation grow to several times that before it collects,
 * on a machine with much memory. A workbook is read with its shared-string table in memory, so it gets
 * more. A file past the bound fails with IMPORT_OUT_OF_MEMORY and writes nothing.
 */
export function heapLimits(format: 'csv' | 'xlsx' | 'other'): ResourceLimits {
  return format === 'csv'
    ? { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 128 }
    : format === 'xlsx'
      ? { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 768 }
      : { maxYoungGenerationSizeMb: 8 };
}

export const IMPORT_OUT_OF_MEMORY = '导入所需的内存超过上限（文件中可能有极长的行或单元格）：导入已取消，数据库未作任何修改';

/** A worker's failure as a message for people. */
export function workerFailure(e: Error & { code?: string }, what: string): string {
  return e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? IMPORT_OUT_OF_MEMORY : `${what}出错：${e.message}`;
}

export interface ReaderData {
  role: 'reader';
  file: string;
  fileName: string;
  read: ImportReadOptions | undefined;
  columns: Columns;
  crs: CoordinateSystem;
  now: number;
  grids: readonly IndexedGrid[];
  categories: readonly CategoryRow[];
  batchSize: number;
  /** [0]: batches posted and not yet taken by the writer. */
  inFlight: SharedArrayBuffer;
}

export type ReaderMessage =
  | { type: 'rows'; pack: RowPack; bytesRead: number }
  | { type: 'end'; bytesRead: number }
  | { type: 'error'; kind: string; message: string };

/** The reading thread's work: every row of the file judged and posted, then 'end' (or 'error'). */
export async function readRows(data: ReaderData, post: (m: ReaderMessage, transfer?: ArrayBuffer[]) => void): Promise<void> {
  const inFlight = new Int32Array(data.inFlight);
  try {
    const source = await openSource(data.file, data.fileName, data.read);
    try {
      const grids = new GridIndex(data.grids);
      const ctx: RowContext = {
        columns: data.columns,
        crs: data.crs,
        now: data.now,
        grids,
        gridByCode: new Map(grids.grids.map((g) => [g.code, g])),
        categories: new CategoryLookup(data.categories),
      };
      for await (const rows of source.batches(data.batchSize)) {
        const pack = packRows(rows.map((row) => ({ row: row.row, verdict: validateRow(row, ctx), cells: row.cells })));
        for (let ahead = Atomics.load(inFlight, 0); ahead >= READ_AHEAD; ahead = Atomics.load(inFlight, 0)) Atomics.wait(inFlight, 0, ahead, 1000);
        Atomics.add(inFlight, 0, 1);
        post({ type: 'rows', pack, bytesRead: source.bytesRead() }, [pack.numbers.buffer as ArrayBuffer, pack.ends.buffer as ArrayBuffer]);
      }
      post({ type: 'end', bytesRead: source.totalBytes });
    } finally {
      source.close();
    }
  } catch (e) {
    post({
      type: 'error',
      kind: isAppError(e) ? e.kind : 'internal',
      message: isAppError(e) ? e.message : `读取文件失败：${e instanceof Error ? e.message : String(e)}`,
    });
  }
}

/** Starts a worker on `entry` (./worker.ts under tsx, the bundled import worker in the app). */
export function startWorker(entry: string, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  if (!fs.existsSync(entry)) throw new AppError('internal', `导入程序缺失：${entry}`);
  return threadOn(entry, { workerData, ...(resourceLimits ? { resourceLimits } : {}) });
}

/** The writing thread's side: the judged rows of the file, batch by batch, from the reading thread. */
export class ReaderThread {
  private readonly worker: Worker;
  private readonly inFlight: Int32Array;
  private readonly queue: ReaderMessage[] = [];
  private wake: (() => void) | null = null;
  private read = 0;
  private finished = false;
  private readonly categories = new Map<number, ResolvedCategory>();

  constructor(entry: string, data: Omit<ReaderData, 'role' | 'inFlight'>, format: 'csv' | 'xlsx') {
    const inFlight = new SharedArrayBuffer(4);
    this.inFlight = new Int32Array(inFlight);
    this.worker = startWorker(entry, { ...data, role: 'reader', inFlight } satisfies ReaderData, heapLimits(format));
    let last = false;
    const push = (m: ReaderMessage) => {
      if (last) return;
      last = m.type !== 'rows';
      this.queue.push(m);
      this.wake?.();
    };
    this.worker.on('message', push);
    this.worker.on('error', (e) => push({ type: 'error', kind: 'internal', message: workerFailure(e, '读取线程') }));
    this.worker.on('exit', (code) => {
      if (!this.finished) push({ type: 'error', kind: 'internal', message: `读取线程意外退出（代码 ${code}）` });
    });
  }

  bytesRead(): number {
    return this.read;
  }

  async *batches(): AsyncGenerator<JudgedRow[]> {
    for (;;) {
      while (this.queue.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
      const m = this.queue.shift()!;
      if (m.type === 'error') {
        this.finished = true;
        throw new AppError(m.kind as AppError['kind'], m.message);
      }
      this.read = m.bytesRead;
      if (m.type === 'end') {
        this.finished = true;
        return;
      }
      Atomics.sub(this.inFlight, 0, 1);
      Atomics.notify(this.inFlight, 0);
      yield unpackRows(m.pack, this.categories);
    }
  }

  close(): void {
    this.finished = true;
    void this.worker.terminate();
  }
}
