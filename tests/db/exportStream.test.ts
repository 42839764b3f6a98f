/**
 * Case exports as host jobs (db/export/jobs.ts, the exports:* handlers) on a demo district in a temporary
 * SQLite file: progress to the total, the filtered rows and nothing else, cancel removing the partial file,
 * the chunked read for the page's download, the owner check, and the Electron path (save dialog).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../db/demo/load';
import { exportCases, ExportCancelled, countExportRows, eventsFileFor, settingsFileFor } from '../../db/export/cases';
import { exportFileName } from '../../db/export/fileName';
import { ExportJobs, type ExportJobStatus } from '../../db/export/jobs';
import { openStore, type OpenedStore } from '../../electron/host';
import type { IncidentFilter } from '../../electron/contract';
import { tempDir } from '../helpers/tmp';

const NOW = Date.parse('2026-11-25T10:00:00+08:00');
const WENYI_ROAD = '430102001000000'; // 文艺路街道

let store: OpenedStore;
let dbDir: string;
let dbPath: string;

// One district for the whole file (exports only read it); tempDir() folders go after each test.
beforeAll(() => {
  dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-export-'));
  dbPath = path.join(dbDir, 'desk.sqlite');
  store = openStore(dbPath, { transport: 'direct', now: () => NOW });
  loadDemo(store.db, { until: '2026-11-25', incidents: 6000 });
});

afterAll(() => {
  store.close();
  fs.rmSync(dbDir, { recursive: true, force: true });
});

const count = (filter: IncidentFilter) => store.handlers['incidents:count']({ filter });

function jobsIn(staging: string, extra: Partial<ConstructorParameters<typeof ExportJobs>[0]> = {}) {
  return new ExportJobs({ databasePath: dbPath, stagingDir: staging, ...extra });
}

/** Polls a job until it ends, recording every rowsWritten seen. */
async function follow(read: () => ExportJobStatus | Promise<ExportJobStatus>, seen: number[] = []): Promise<ExportJobStatus> {
  for (;;) {
    const s = await read();
    seen.push(s.rowsWritten);
    if (s.state !== 'running') return s;
    await new Promise((r) => setTimeout(r, 3));
  }
}

function readAll(jobs: ExportJobs, jobId: string): { data: Buffer; chunks: number } {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const chunk = jobs.read(jobId, null, offset);
    parts.push(Buffer.from(chunk.dataBase64, 'base64'));
    offset += chunk.bytes;
    if (chunk.done) return { data: Buffer.concat(parts), chunks: parts.length };
  }
}

describe('case exports as jobs', () => {
  it('CSV: UTF-8 with BOM, the header, exactly the filtered rows as the list counts them, progress to the total', async () => {
    const staging = tempDir();
    const jobs = jobsIn(staging, { chunkBytes: 64 * 1024 });
    const filter: IncidentFilter = { streetCode: WENYI_ROAD, includeDuplicates: false };
    const expected = await count({ streetCode: WENYI_ROAD });
    expect(expected).toBeGreaterThan(100);
    const started = jobs.start({ format: 'csv', filter, fileName: 'a.csv', now: NOW, savePath: null, ownerId: null });
    expect(started).toMatchObject({ state: 'running', rowsWritten: 0, fileName: 'a.csv', savedTo: null });
    const done = await follow(() => jobs.status(started.jobId, null));
    expect(done).toMatchObject({ state: 'done', cases: expected, totalRows: expected, rowsWritten: expected, error: null });
    const { data, chunks } = readAll(jobs, started.jobId);
    expect(chunks).toBeGreaterThan(1); // read in several pieces, reassembled byte for byte
    expect(data.length).toBe(done.bytes);
    expect([...data.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = data.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]!.split(',').slice(0, 3)).toEqual(['案件编号', '状态', '大类']);
    // One row per case (descriptions hold no line breaks in the demo), every one in the street.
    expect(lines).toHaveLength(expected + 1);
    expect(lines.slice(1).every((l) => l.includes(',文艺路街道,'))).toBe(true);
    // The last chunk took the host's copy away; the page's download is the only one left.
    expect(fs.readdirSync(staging)).toEqual([]);
    expect(() => jobs.read(started.jobId, null, 0)).toThrow(/已下载或已过期/);
  });

  it('XLSX opens with exceljs: the cases sheet holds the filtered cases, the history sheet their events', async () => {
    const staging = tempDir();
    const jobs = jobsIn(staging);
    const filter: IncidentFilter = { streetCode: WENYI_ROAD, includeDuplicates: false };
    const expected = await count({ streetCode: WENYI_ROAD });
    expect(expected).toBeGreaterThan(0);
    const counts = countExportRows(store.db, { format: 'xlsx', filter, now: NOW });
    const seen: number[] = [];
    const started = jobs.start({ format: 'xlsx', filter, fileName: 'b.xlsx', now: NOW, savePath: null, ownerId: null });
    const done = await follow(() => jobs.status(started.jobId, null), seen);
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ state: 'done', cases: expected, totalRows: counts.total });
    expect(seen.every((n, i) => i === 0 || n >= seen[i - 1]!)).toBe(true);
    const file = path.join(tempDir(), 'b.xlsx');
    fs.writeFileSync(file, readAll(jobs, started.jobId).data);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['案件', '处理记录', '设置记录']);
    expect(wb.getWorksheet('案件')!.rowCount).toBe(expected + 1);
    expect(wb.getWorksheet('处理记录')!.rowCount).toBe(counts.events + 1);
    expect(wb.getWorksheet('案件')!.getRow(2).getCell(11).value).toBe('文艺路街道'); // 街道
  });

  it('cancel stops a running export and removes the partial file; nothing is left to read', async () => {
    const staging = tempDir();
    const jobs = jobsIn(staging);
    const started = jobs.start({ format: 'xlsx', filter: {}, fileName: 'c.xlsx', now: NOW, savePath: null, ownerId: null });
    let s = started;
    // Running, rows written, and its partial file on disk (the zip stream opens it on the thread pool).
    while (s.state === 'running' && (s.rowsWritten === 0 || !fs.readdirSync(staging).some((f) => f.endsWith('.part')))) {
      await new Promise((r) => setTimeout(r, 1));
      s = jobs.status(started.jobId, null);
    }
    expect(s.state).toBe('running');
    jobs.cancel(started.jobId, null);
    const ended = await jobs.wait(started.jobId);
    expect(ended.state).toBe('cancelled');
    expect(ended.rowsWritten).toBeLessThan(ended.totalRows);
    expect(fs.readdirSync(staging)).toEqual([]);
    expect(() => jobs.read(started.jobId, null, 0)).toThrow(/尚未完成/);
  });

  it('stops when the host closes its store (a restore, quitting), and close() stops the rest and clears the folder', async () => {
    const staging = tempDir();
    let isOpen = true;
    const jobs = jobsIn(staging, { isHostOpen: () => isOpen });
    const started = jobs.start({ format: 'geojson', filter: {}, fileName: 'd.geojson', now: NOW, savePath: null, ownerId: null });
    isOpen = false;
    expect((await jobs.wait(started.jobId)).state).toBe('cancelled');
    expect(fs.readdirSync(staging)).toEqual([]);

    const others = jobsIn(staging);
    const running = others.start({ format: 'xlsx', filter: {}, fileName: 'e.xlsx', now: NOW, savePath: null, ownerId: 1 });
    const finished = others.start({ format: 'csv', filter: { overdue: true }, fileName: 'f.csv', now: NOW, savePath: null, ownerId: 2 });
    expect((await others.wait(finished.jobId)).state).toBe('done');
    expect(fs.readdirSync(staging).length).toBeGreaterThan(0); // the finished file waits to be read
    await others.close();
    expect(others.status(running.jobId, 1).state).toBe('cancelled');
    expect(fs.readdirSync(staging)).toEqual([]);
  });

  it('a job is its owner’s: another operator is told it does not exist; one running export each', async () => {
    const jobs = jobsIn(tempDir());
    const started = jobs.start({ format: 'csv', filter: {}, fileName: 'f.csv', now: NOW, savePath: null, ownerId: 7 });
    expect(() => jobs.status(started.jobId, 8)).toThrow(/不存在或已过期/);
    expect(() => jobs.cancel(started.jobId, 8)).toThrow(/不存在或已过期/);
    expect(() => jobs.start({ format: 'csv', filter: {}, fileName: 'g.csv', now: NOW, savePath: null, ownerId: 7 })).toThrow(/已有导出正在进行（f\.csv）/);
    expect((await jobs.wait(started.jobId)).state).toBe('done');
    expect(() => jobs.read(started.jobId, 8, 0)).toThrow(/不存在或已过期/);
    expect(jobs.read(started.jobId, 7, 0).done).toBe(true);
  });

  it('names the file after the filter and the day', () => {
    const at = Date.parse('2026-12-01T09:00:00+08:00');
    expect(exportFileName(store.db, { overdue: true, streetCode: WENYI_ROAD }, 'xlsx', at)).toBe('案件导出_超期_文艺路街道_2026-12-01.xlsx');
    expect(exportFileName(store.db, {}, 'csv', at)).toBe('案件导出_全部_2026-12-01.csv');
    expect(
      exportFileName(
        store.db,
        { statuses: ['reported', 'registered', 'dispatched', 'handling', 'handled', 'returned', 'received'], assignee: 'unassigned', sources: ['hotline'], reportedFrom: Date.parse('2026-11-01T00:00:00+08:00'), reportedTo: Date.parse('2026-12-01T00:00:00+08:00'), text: 'a/b:c' },
        'open311',
        at,
      ),
    ).toBe('案件导出_在办_未分配_12345热线_2026-11-01至2026-11-30_含a b c_2026-12-01.json');
  });
});

describe('the exports:* handlers', () => {
  it('browser mode: starts with the list’s filter (duplicates hidden) and a name from it, then downloads by chunks', async () => {
    const filter = { streetCode: WENYI_ROAD, statuses: ['closed' as const] };
    const started = await store.handlers['exports:start']({ format: 'geojson', filter });
    expect(started.fileName).toBe('案件导出_已结案_文艺路街道_2026-11-25.geojson');
    const done = await follow(() => store.handlers['exports:progress']({ jobId: started.jobId }));
    expect(done.cases).toBe(await count(filter));
    expect(done.cases).toBeGreaterThan(0);
    const chunk = await store.handlers['exports:read']({ jobId: started.jobId, offset: 0 });
    const collection = JSON.parse(Buffer.from(chunk.dataBase64, 'base64').toString('utf8')) as { features: { properties: { street: string } }[] };
    expect(collection.features).toHaveLength(done.cases);
    expect(new Set(collection.features.map((f) => f.properties.street))).toEqual(new Set(['文艺路街道']));
  });

  it('Electron: writes where the save dialog says, under a temporary name until complete; a closed dialog is a cancelled job', async () => {
    const dir = tempDir();
    const target = path.join(dir, '我的导出.csv');
    const asked: { fileName: string; extensions: readonly string[] }[] = [];
    let answer: string | null = target;
    const electronLike = openStore(dbPath, {
      transport: 'electron',
      now: () => NOW,
      output: {
        printPdf: () => Promise.reject(new Error('not used')),
        chooseSavePath: async (fileName, filter) => {
          asked.push({ fileName, extensions: filter.extensions });
          return answer;
        },
      },
    });
    try {
      const started = await electronLike.handlers['exports:start']({ format: 'csv', filter: { statuses: ['closed'] } });
      expect(asked).toEqual([{ fileName: '案件导出_已结案_2026-11-25.csv', extensions: ['csv'] }]);
      expect(started.savedTo).toBe(target);
      const done = await follow(() => electronLike.handlers['exports:progress']({ jobId: started.jobId }));
      expect(done).toMatchObject({ state: 'done', savedTo: target, cases: await count({ statuses: ['closed'] }) });
      expect(done.cases).toBeGreaterThan(0);
      expect(fs.readdirSync(dir)).toEqual(['我的导出.csv']);
      expect(fs.readFileSync(target, 'utf8').split('\r\n').filter(Boolean)).toHaveLength(done.cases + 1);
      await expect(Promise.resolve().then(() => electronLike.handlers['exports:read']({ jobId: started.jobId, offset: 0 }))).rejects.toThrow(/已保存到/);

      answer = null;
      const declined = await electronLike.handlers['exports:start']({ format: 'xlsx', filter: {} });
      expect(declined.state).toBe('cancelled');
      expect(fs.readdirSync(dir)).toEqual(['我的导出.csv']);
    } finally {
      electronLike.close();
    }
  });
});

describe('exportCases, streamed', () => {
  it('a cancel part-way removes every file it began (CSV with its history and settings files)', async () => {
    const file = path.join(tempDir(), 'all.csv');
    let calls = 0;
    await expect(
      exportCases(store.db, { format: 'csv', file, filter: {}, now: NOW }, { isCancelled: () => ++calls > 3 }),
    ).rejects.toBeInstanceOf(ExportCancelled);
    expect(calls).toBeGreaterThan(3);
    for (const f of [file, eventsFileFor(file), settingsFileFor(file)]) expect(fs.existsSync(f), f).toBe(false);
  });

  it('reports progress a slice at a time, rising to the rows written', async () => {
    const seen: number[] = [];
    const file = path.join(tempDir(), 'all.xlsx');
    const result = await exportCases(store.db, { format: 'xlsx', file, filter: {}, now: NOW }, { onProgress: (n) => seen.push(n) });
    const counts = countExportRows(store.db, { format: 'xlsx', filter: {}, now: NOW });
    expect(result.cases).toBe(counts.cases);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((n, i) => i === 0 || n >= seen[i - 1]!)).toBe(true);
    expect(seen.at(-1)).toBe(counts.total);
  });
});
