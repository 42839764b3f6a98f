import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, type OpenedStore } from '../../electron/host';
import { runCli } from '../../electron/cli/run';
import type { ImportJobStatus } from '../../electron/contract';
import { loadDemo } from '../../db/demo/load';
import { tempDir } from '../helpers/tmp';
import { FIELD_LOG_HEADERS, fieldLogRows, pointsInGrids, writeCsv } from '../db/importFixtures';

const NOW = Date.parse('2026-11-25T10:00:00+08:00');

function demoStore(): { store: OpenedStore; dir: string; dbPath: string } {
  const dir = tempDir();
  const dbPath = path.join(dir, 'desk.sqlite');
  const store = openStore(dbPath, { transport: 'direct', now: () => NOW });
  loadDemo(store.db, { until: '2026-11-25', incidents: 0 });
  return { store, dir, dbPath };
}

async function finish(store: OpenedStore, start: ImportJobStatus): Promise<ImportJobStatus> {
  let s = start;
  while (s.state === 'running') {
    await new Promise((r) => setTimeout(r, 50));
    s = await store.handlers['imports:progress']({ jobId: s.jobId });
  }
  return s;
}

function fieldLog(store: OpenedStore, file: string, rows: number): void {
  const points = pointsInGrids(store.db, 500);
  writeCsv(file, FIELD_LOG_HEADERS, fieldLogRows({ rows, points, start: Date.parse('2026-10-01T08:00:00+08:00'), days: 50 }), { encoding: 'gbk' });
}

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('import handlers (worker thread)', () => {
  it('runs an import as a job in a worker while the main connection keeps reading, then lists and undoes the batch', async () => {
    const { store, dir } = demoStore();
    try {
      const file = path.join(dir, '巡查日志.csv');
      fieldLog(store, file, 3000);
      const preview = await store.handlers['imports:preview']({ source: { path: file } });
      expect(preview).toMatchObject({ format: 'csv', encoding: 'gb18030', delimiter: ',', missingRequired: [] });
      expect(preview.rows).toHaveLength(20);
      const start = await store.handlers['imports:start']({ source: { path: file }, crs: 'wgs84' });
      expect(start.state).toBe('running');
      // The main connection is not blocked while the worker writes.
      expect((await store.handlers['app:info']({})).counts.grids).toBe(214);
      const done = await finish(store, start);
      expect(done.state).toBe('done');
      expect(done.result).toMatchObject({ total: 3000, accepted: 3000, rejected: 0 });
      expect(done.rowsPerSecond).toBeGreaterThan(0);
      const batches = await store.handlers['imports:list']({});
      expect(batches[0]).toMatchObject({ id: done.result!.batchId, fileName: '巡查日志.csv', accepted: 3000, canUndo: true });
      const undo = await store.handlers['imports:undo']({ batchId: done.result!.batchId! });
      expect(undo).toMatchObject({ voided: 3000, kept: [] });
    } finally {
      store.db.close();
    }
  });

  it('cancels a running import: it rolls back and nothing is written', async () => {
    const { store, dir } = demoStore();
    try {
      const file = path.join(dir, 'big.csv');
      fieldLog(store, file, 60_000);
      const before = (await store.handlers['app:info']({})).counts.incidents;
      const start = await store.handlers['imports:start']({ source: { path: file }, crs: 'wgs84' });
      await store.handlers['imports:cancel']({ jobId: start.jobId });
      const end = await finish(store, start);
      expect(end.state).toBe('cancelled');
      expect((await store.handlers['app:info']({})).counts.incidents).toBe(before);
      expect(await store.handlers['imports:list']({})).toHaveLength(1); // the demo batch only
    } finally {
      store.db.close();
    }
  });

  it('accepts a file uploaded in chunks, offers its rejected rows as CSV with BOM, and saves mappings', async () => {
    const { store } = demoStore();
    try {
      const text = '\uFEFF编号,时间,经度,纬度,类别,描述\nW1,2026/11/20 9:30,0,0,暴露垃圾,坐标缺失\nW2,2026/11/20 9:30,113.0,28.2,暴露垃圾,好\n';
      const bytes = Buffer.from(text, 'utf8');
      const first = await store.handlers['imports:upload']({ fileName: 'up.csv', offset: 0, dataBase64: bytes.subarray(0, 40).toString('base64') });
      const second = await store.handlers['imports:upload']({ uploadId: first.uploadId, fileName: 'up.csv', offset: 40, dataBase64: bytes.subarray(40).toString('base64') });
      expect(second.bytes).toBe(bytes.length);
      expect(() => store.handlers['imports:upload']({ uploadId: first.uploadId, fileName: 'up.csv', offset: 3, dataBase64: 'AA==' })).toThrow(/上传位置不一致/);
      const done = await finish(store, await store.handlers['imports:start']({ source: { uploadId: first.uploadId }, crs: 'wgs84' }));
      expect(done.result).toMatchObject({ fileName: 'up.csv', total: 2, rejected: 1 });
      const csv = await store.handlers['imports:rejected-csv']({ batchId: done.result!.batchId! });
      const decoded = Buffer.from(csv.dataBase64, 'base64').toString('utf8');
      expect(decoded.startsWith('\uFEFF编号,时间,经度,纬度,类别,描述,行号,拒收原因\r\nW1,')).toBe(true);
      const issues = await store.handlers['imports:issues']({ batchId: done.result!.batchId!, severity: 'error', offset: 0, limit: 10 });
      expect(issues.total).toBe(1);
      const saved = await store.handlers['imports:save-mapping']({ name: '手持机', mapping: { lon: '经度', lat: '纬度' } });
      expect(await store.handlers['imports:mappings']({})).toEqual([saved]);
      await store.handlers['imports:delete-mapping']({ id: saved.id });
      expect(await store.handlers['imports:mappings']({})).toEqual([]);
    } finally {
      store.db.close();
    }
  });
});

describe('import CLI', () => {
  it('import --json prints {batchId, total, accepted, rejected, duplicates, warnings, errors}; imports and undo-import follow', async () => {
    const { store, dir, dbPath } = demoStore();
    const file = path.join(dir, 'log.csv');
    fieldLog(store, file, 200);
    fs.appendFileSync(file, 'BAD1,2026/11/20 9:30,张三,0,0,,暴露垃圾,x,\r\n');
    store.db.close();
    const r = await cli('import', file, '--db', dbPath, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ batchId: expect.any(Number), total: 201, accepted: 200, rejected: 1, duplicates: 0, warnings: expect.any(Array) });
    expect(doc.errors).toEqual([{ row: 202, field: '经度', reason: '坐标为 0,0：设备未取得定位' }]);
    const again = JSON.parse((await cli('import', file, '--db', dbPath, '--json')).stdout);
    expect(again).toMatchObject({ accepted: 0, duplicates: 200, rejected: 1 });
    const list = JSON.parse((await cli('imports', '--db', dbPath, '--json')).stdout);
    expect(list.map((b: { id: number }) => b.id).slice(0, 2)).toEqual([again.batchId, doc.batchId]);
    const undo = await cli('undo-import', String(doc.batchId), '--db', dbPath, '--json');
    expect(JSON.parse(undo.stdout)).toMatchObject({ batchId: doc.batchId, voided: 200 });
    const bad = await cli('import', '--file', path.join(dir, 'nope.csv'), '--db', dbPath);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const extra = await cli('import', file, 'second.csv', '--db', dbPath);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toMatch(/多余的参数：second\.csv/);
    const twice = await cli('import', file, '--file', file, '--db', dbPath);
    expect(twice.stderr).toMatch(/给了两次/);
  });

  it('grids-import validates a GeoJSON boundary file and exits 1 on errors', async () => {
    const { dir, dbPath, store } = demoStore();
    store.db.close();
    const file = path.join(dir, 'g.geojson');
    fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '4301020010010XX', name: '坏' }, geometry: { type: 'Polygon', coordinates: [[[113, 28.2], [113.01, 28.2], [113.01, 28.21], [113, 28.2]]] } }] }));
    const r = await cli('grids-import', file, '--db', dbPath, '--code-field', 'code', '--name-field', 'name', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ applied: false, errorCount: 1, issues: [{ kind: 'invalid-code' }] });
  });
});
