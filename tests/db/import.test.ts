import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runImport, type ImportParams } from '../../db/import/writer';
import { previewImport } from '../../db/import/preview';
import { rejectedRowsCsv, undoBatch, listBatches } from '../../db/import/batches';
import { FIELD_ALIASES } from '../../db/import/fields';
import { parseDateTime } from '../../db/import/values';
import { fromWgs84 } from '../../db/geo';
import { haversineM } from '../../db/import/gridIndex';
import { saveMapping } from '../../db/import/mappings';
import { transitionIncident } from '../../db/queries/caseWorkflow';
import { IMPORT_FIELDS } from '../../db/import/types';
import { deskFixture, sh, type DeskFixture } from '../helpers/deskFixture';
import { tempDir } from '../helpers/tmp';
import { csvLine, writeXlsx } from './importFixtures';

const NOW = sh('2026-11-25T10:00');
const HEAD = ['编号', '发现时间', '巡查员', '经度', '纬度', '地址', '类别', '问题描述', '处置情况'];
// Inside the west grid (113.00–113.01, 28.18–28.20) and the east grid (113.01–113.02).
const WEST: [number, number] = [113.005, 28.19];
const EAST: [number, number] = [113.015, 28.19];

function setup(): { f: DeskFixture; dir: string; write: (name: string, data: string | Buffer) => string; run: (file: string, extra?: Partial<ImportParams>) => ReturnType<typeof runImport> } {
  const f = deskFixture();
  const dir = tempDir();
  const write = (name: string, data: string | Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, data);
    return file;
  };
  const run = (file: string, extra: Partial<ImportParams> = {}) =>
    runImport(f.db, { file, fileName: path.basename(file), crs: 'wgs84', photoDir: path.dirname(file), attachmentsDir: path.join(dir, 'attachments'), now: NOW, ...extra });
  return { f, dir, write, run };
}

const row = (id: string, time: string, [lon, lat]: [number, number], category = '暴露垃圾', description = '路边垃圾', status = '待处置', address = '芙蓉中路') =>
  [id, time, '张三', String(lon), String(lat), address, category, description, status];
const csv = (rows: string[][], head = HEAD, delimiter = ',') => [head, ...rows].map((r) => csvLine(r, delimiter)).join('\r\n') + '\r\n';
const count = (f: DeskFixture, sql = 'SELECT count(*) FROM incidents') => f.db.prepare(sql).pluck().get() as number;

describe('field-log import: formats and encodings', () => {
  it('imports a GBK CSV saved by Chinese Excel without mojibake, with a row-level error list', async () => {
    const { f, write, run } = setup();
    const file = write('gbk.csv', iconv.encode(csv([row('A1', '2026/11/20 9:30', WEST, '暴露垃圾', '识字岭路口有暴露垃圾'), row('A2', '2026/11/20 9:40', [0, 0])]), 'gbk'));
    const preview = await previewImport(f.db, file, 'gbk.csv');
    expect(preview.encoding).toBe('gb18030');
    expect(preview.headers).toEqual(HEAD);
    const r = await run(file);
    expect(r).toMatchObject({ total: 2, accepted: 1, rejected: 1, duplicates: 0 });
    expect(r.errors).toEqual([{ row: 3, field: '经度', reason: '坐标为 0,0：设备未取得定位' }]);
    const c = f.db.prepare(`SELECT description, address, reporter, source, status, grid_id FROM incidents WHERE external_id = 'A1'`).get();
    expect(c).toEqual({ description: '识字岭路口有暴露垃圾', address: '芙蓉中路', reporter: '张三', source: 'import', status: 'reported', grid_id: f.grids.west });
  });

  it('reads UTF-8 with a BOM, semicolons, tabs and quoted fields holding commas, quotes and line breaks', async () => {
    const { f, write, run } = setup();
    const tricky = '第一行，含逗号, 和 "引号"\n第二行';
    const a = write('bom.csv', '\uFEFF' + csv([row('B1', '2026-11-20 09:30:00', WEST, '0102', tricky)]));
    const b = write('semi.csv', csv([row('B2', '2026-11-20 09:31', WEST)], HEAD, ';'));
    const c = write('tab.txt', csv([row('B3', '2026-11-20 09:32', EAST)], HEAD, '\t'));
    expect((await previewImport(f.db, b, 'semi.csv')).delimiter).toBe(';');
    expect((await previewImport(f.db, c, 'tab.txt')).delimiter).toBe('\t');
    for (const file of [a, b, c]) expect((await run(file)).accepted).toBe(1);
    expect(f.db.prepare(`SELECT description FROM incidents WHERE external_id = 'B1'`).pluck().get()).toBe(tricky);
    expect(f.db.prepare(`SELECT grid_id FROM incidents WHERE external_id = 'B3'`).pluck().get()).toBe(f.grids.east);
  });

  it('reads UTF-16LE "Unicode text" from Excel', async () => {
    const { f, write, run } = setup();
    const text = csv([row('U1', '2026/11/20 9:30', WEST)], HEAD, '\t');
    const file = write('unicode.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect((await run(file)).accepted).toBe(1);
    expect(count(f, `SELECT count(*) FROM incidents WHERE external_id = 'U1'`)).toBe(1);
  });

  it('imports XLSX (first sheet or a chosen one) with real date cells and numbers', async () => {
    const { f, dir, run } = setup();
    const file = path.join(dir, 'log.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['这张表不是日志']);
    const ws = wb.addWorksheet('日志');
    ws.addRow(HEAD);
    ws.addRow(['X1', new Date(Date.UTC(2026, 10, 20, 9, 30)), '李四', WEST[0], WEST[1], '五一大道', '0401', '游商', '已处置']);
    ws.addRow(['X2', 46346.5, '李四', EAST[0], EAST[1], '', '暴露垃圾', '垃圾', '']);
    await wb.xlsx.writeFile(file);
    const preview = await previewImport(f.db, file, 'log.xlsx', { sheet: '日志' });
    expect(preview.sheets).toEqual(['说明', '日志']);
    expect(preview.rows[0]![1]).toBe('2026-11-20 09:30:00');
    const r = await run(file, { read: { sheet: '日志' } });
    expect(r).toMatchObject({ accepted: 2, rejected: 0 });
    const x1 = f.db.prepare(`SELECT reported_at, status, is_fixed_on_spot FROM incidents WHERE external_id = 'X1'`).get();
    expect(x1).toEqual({ reported_at: sh('2026-11-20T09:30'), status: 'handled', is_fixed_on_spot: 1 });
    // Excel serial 46346.5 = 2026-11-20 12:00, Asia/Shanghai.
    expect(f.db.prepare(`SELECT reported_at FROM incidents WHERE external_id = 'X2'`).pluck().get()).toBe(sh('2026-11-20T12:00'));
    await expect(run(file, { read: { sheet: '没有' } })).rejects.toThrow(/没有名为「没有」的工作表/);
  });

  it('reads every Chinese character of a large XLSX, also those whose bytes fall across two read chunks', async () => {
    const { f, dir, run } = setup();
    const file = path.join(dir, 'big.xlsx');
    const hanzi = '巡查发现路边垃圾未清运占道经营非法小广告井盖缺失绿地脏乱私搭乱建';
    // Inline strings (no shared-string table): the sheet's XML alone is far larger than one inflated chunk.
    const rows = Array.from({ length: 4000 }, (_, i) => {
      const text = Array.from({ length: 20 + (i % 7) }, (_, k) => hanzi[(i * 31 + k * 7) % hanzi.length]).join('');
      return [`B${i}`, '2026/11/20 9:30', '李四', String(WEST[0]), String(WEST[1]), `${text.slice(0, 6)}路`, '暴露垃圾', text, i % 3 ? '待处置' : '已处置'];
    });
    await writeXlsx(file, HEAD, rows);
    const r = await run(file);
    expect(r).toMatchObject({ total: 4000, accepted: 4000, rejected: 0 });
    const stored = new Map(f.db.prepare(`SELECT external_id, description || '|' || address FROM incidents WHERE external_id LIKE 'B%'`).raw().all() as [string, string][]);
    expect(rows.filter((c) => stored.get(c[0]!) !== `${c[7]}|${c[5]}`).map((c) => c[0])).toEqual([]);
  });

  it('refuses a truncated XLSX with a clear message and writes nothing', async () => {
    const { f, dir, write, run } = setup();
    const good = path.join(dir, 'good.xlsx');
    await writeXlsx(good, HEAD, Array.from({ length: 2000 }, (_, i) => row(`T${i}`, '2026/11/20 9:30', WEST)));
    const bytes = fs.readFileSync(good);
    const file = write('cut.xlsx', bytes.subarray(0, Math.floor(bytes.length / 2)));
    const before = count(f);
    await expect(run(file)).rejects.toThrow(/Excel 文件已损坏或不完整/);
    expect(count(f)).toBe(before);
  });

  it('imports GeoJSON points (a non-point feature is rejected at its number) and Open311 requests', async () => {
    const { f, write, run } = setup();
    const geo = write('log.geojson', JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { id: 'G1', time: '2026-11-20T09:30:00+08:00', category: '暴露垃圾', description: '垃圾' }, geometry: { type: 'Point', coordinates: WEST } },
        { type: 'Feature', properties: { id: 'G2', time: '2026-11-20T09:30:00+08:00', category: '暴露垃圾' }, geometry: { type: 'LineString', coordinates: [WEST, EAST] } },
      ],
    }));
    const g = await run(geo);
    expect(g).toMatchObject({ format: 'geojson', accepted: 1, rejected: 1 });
    expect(g.errors[0]).toMatchObject({ row: 2, reason: expect.stringContaining('不是点') });
    const o311 = write('requests.json', JSON.stringify([
      { service_request_id: 'SR-1', status: 'open', service_code: '0102', service_name: '暴露垃圾', description: '市民反映垃圾', requested_datetime: '2026-11-20T01:30:00Z', address: '人民中路', lat: EAST[1], long: EAST[0] },
      { service_request_id: 'SR-2', status: 'closed', service_code: '0401', description: '游商', requested_datetime: '2026-11-20T02:00:00Z', lat: WEST[1], long: WEST[0] },
    ]));
    const o = await run(o311);
    expect(o).toMatchObject({ format: 'open311', accepted: 2, rejected: 0 });
    expect(f.db.prepare(`SELECT status, reported_at FROM incidents WHERE external_id = 'SR-2'`).get()).toEqual({ status: 'handled', reported_at: Date.parse('2026-11-20T02:00:00Z') });
  });

  it('imports GPX waypoints as cases and a track as a patrol with its length in each grid', async () => {
    const { f, write, run } = setup();
    const pt = (lon: number, lat: number, t: string) => `<trkpt lat="${lat}" lon="${lon}"><time>${t}</time></trkpt>`;
    const gpx = `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="巡查通"><metadata><author><name>王建国</name></author></metadata>
<wpt lat="${WEST[1]}" lon="${WEST[0]}"><time>2026-11-20T01:30:00Z</time><name>暴露垃圾</name><desc>路口垃圾 &amp; 杂物</desc></wpt>
<trk><name>上午巡查</name><trkseg>${pt(113.005, 28.185, '2026-11-20T01:00:00Z')}${pt(113.015, 28.185, '2026-11-20T01:20:00Z')}</trkseg></trk>
</gpx>`;
    const file = write('day.gpx', gpx);
    const r = await run(file);
    expect(r).toMatchObject({ format: 'gpx', total: 2, accepted: 2, patrols: 1 });
    expect(f.db.prepare(`SELECT description, reporter FROM incidents WHERE external_id IS NOT NULL AND description LIKE '路口%'`).get()).toEqual({ description: '路口垃圾 & 杂物', reporter: '王建国' });
    const patrol = f.db.prepare(`SELECT id, inspector, person_id, started_at, ended_at, length_m FROM patrols`).get() as { id: number; inspector: string; person_id: number; started_at: number; ended_at: number; length_m: number };
    expect(patrol).toMatchObject({ inspector: '王建国', person_id: f.persons.wang, started_at: Date.parse('2026-11-20T01:00:00Z'), ended_at: Date.parse('2026-11-20T01:20:00Z') });
    expect(patrol.length_m).toBeGreaterThan(970);
    expect(patrol.length_m).toBeLessThan(990);
    const lengths = f.db.prepare(`SELECT grid_id, round(length_m) AS m FROM patrol_grid_lengths WHERE patrol_id = ? ORDER BY grid_id`).all(patrol.id) as { grid_id: number; m: number }[];
    expect(lengths.map((l) => l.grid_id)).toEqual([f.grids.west, f.grids.east]);
    expect(Math.abs(lengths[0]!.m - lengths[1]!.m)).toBeLessThan(2);
    // The same track again is a duplicate, not a second patrol.
    expect(await run(file)).toMatchObject({ accepted: 0, duplicates: 2 });
  });
});

describe('field-log import: headers, values and coordinates', () => {
  it('recognises every header alias, case- and space-insensitively', async () => {
    const { f, write } = setup();
    for (const field of IMPORT_FIELDS) {
      for (const alias of FIELD_ALIASES[field]) {
        const header = alias.length > 2 ? ` ${alias.toUpperCase()} ` : alias;
        const file = write(`alias-${field}.csv`, `${header},其他\nx,y\n`);
        const p = await previewImport(f.db, file, 'a.csv');
        expect(p.mapping[field], `${field} ← ${header}`).toBe(header.trim());
      }
    }
  });

  it('reads each date form as it appears in practice; no offset means Asia/Shanghai', () => {
    const expected = sh('2017-06-22T09:30');
    for (const text of ['2017/6/22 9:30', '2017-06-22 09:30:00', '2017-06-22T09:30', '2017年6月22日 9时30分', '2017-06-22T01:30:00Z', '2017-06-22T09:30:00+08:00', '2017-06-22T03:30:00+02:00', '42908.395833333336', '20170622 0930']) {
      const r = parseDateTime(text, NOW);
      expect(r, text).toEqual({ ok: true, value: expected });
    }
    expect(parseDateTime('1900/1/1 0:00', NOW)).toMatchObject({ ok: false, reason: expect.stringContaining('早于 2000 年') });
    expect(parseDateTime('2100-01-01', NOW)).toMatchObject({ ok: false, reason: expect.stringContaining('晚于当前时间') });
    expect(parseDateTime('2017-02-30', NOW)).toMatchObject({ ok: false, reason: expect.stringContaining('不存在') });
    expect(parseDateTime('上周三', NOW)).toMatchObject({ ok: false });
  });

  it('converts GCJ-02 and BD-09 to WGS-84 within 5 m and keeps the source system and values', async () => {
    const { f, write, run } = setup();
    for (const crs of ['wgs84', 'gcj02', 'bd09'] as const) {
      const [lon, lat] = fromWgs84(WEST[0], WEST[1], crs);
      const file = write(`${crs}.csv`, csv([row(`C-${crs}`, '2026/11/20 9:30', [Number(lon.toFixed(7)), Number(lat.toFixed(7))])]));
      expect((await run(file, { crs })).accepted).toBe(1);
      const c = f.db.prepare(`SELECT lon, lat, source_crs, source_lon, source_lat FROM incidents WHERE external_id = ?`).get(`C-${crs}`) as { lon: number; lat: number; source_crs: string; source_lon: number; source_lat: number };
      expect(haversineM([c.lon, c.lat], WEST), crs).toBeLessThan(5);
      expect(c.source_crs).toBe(crs);
      expect(c.source_lon).toBeCloseTo(lon, 6);
    }
  });

  it('fixes swapped latitude/longitude with a warning, rejects a point outside the district, checks the grid code', async () => {
    const { f, write, run } = setup();
    const file = write('coords.csv', csv([
      row('S1', '2026/11/20 9:30', [WEST[1], WEST[0]]),
      row('S2', '2026/11/20 9:30', [113.5, 28.5]),
      [...row('S3', '2026/11/20 9:30', WEST), ''],
    ]));
    const r = await run(file);
    expect(r).toMatchObject({ accepted: 2, rejected: 1 });
    expect(r.warnings).toContainEqual({ row: 2, field: '经度', reason: expect.stringContaining('填反') });
    expect(r.errors).toEqual([{ row: 3, field: '经度', reason: expect.stringContaining('不在本区任何社区网格内') }]);
    const withGrid = write('grid.csv', csv([
      ['G1', '2026/11/20 9:30', '张三', String(WEST[0]), String(WEST[1]), '', '暴露垃圾', 'x', '', '430102001001002'],
      ['G2', '2026/11/20 9:30', '张三', '', '', '', '暴露垃圾', 'x', '', '430102001001002'],
    ], [...HEAD, '网格编码']));
    const g = await run(withGrid);
    expect(g.errors).toEqual([{ row: 2, field: '网格编码', reason: expect.stringContaining('不一致') }]);
    expect(f.db.prepare(`SELECT grid_id, lon FROM incidents WHERE external_id = 'G2'`).get()).toEqual({ grid_id: f.grids.east, lon: null });
  });

  it('resolves categories by code or name, events first, components by prefix; a big class is refused', async () => {
    const { f, write, run } = setup();
    const file = write('cat.csv', csv([
      row('K1', '2026/11/20 9:30', WEST, '0102'),
      row('K2', '2026/11/20 9:30', WEST, '市容环境/暴露垃圾'),
      row('K3', '2026/11/20 9:30', WEST, 'component:0101'),
      row('K4', '2026/11/20 9:30', WEST, '市容环境'),
      row('K5', '2026/11/20 9:30', WEST, '外星人'),
    ]));
    const r = await run(file);
    expect(r).toMatchObject({ accepted: 3, rejected: 2 });
    const kind = (id: string) => f.db.prepare(`SELECT c.kind, c.code FROM incidents i JOIN categories c ON c.id = i.category_id WHERE external_id = ?`).get(id);
    expect(kind('K1')).toEqual({ kind: 'event', code: '0102' });
    expect(kind('K2')).toEqual({ kind: 'event', code: '0102' });
    expect(kind('K3')).toEqual({ kind: 'component', code: '0101' });
    expect(r.errors.map((e) => e.reason)).toEqual([expect.stringContaining('是大类'), expect.stringContaining('不在类别表中')]);
  });

  it('uses a hand-made mapping for unknown headers and proposes a saved one that fits', async () => {
    const { f, write, run } = setup();
    const head = ['单号', '日期', '东经', '北纬', '事项', '情况说明'];
    const file = write('odd.csv', csv([['Z1', '2026/11/20 9:30', String(WEST[0]), String(WEST[1]), '暴露垃圾', '垃圾']], head));
    const before = await previewImport(f.db, file, 'odd.csv');
    expect(before.missingRequired).toEqual(['reportedAt', 'category', 'lon', 'lat']);
    await expect(run(file)).rejects.toThrow(/缺少必需的列/);
    const mapping = { recordId: '单号', reportedAt: '日期', lon: '东经', lat: '北纬', category: '事项', description: '情况说明' };
    saveMapping(f.db, '某品牌手持机', mapping, NOW);
    const after = await previewImport(f.db, file, 'odd.csv');
    expect(after).toMatchObject({ savedMapping: '某品牌手持机', mapping, missingRequired: [] });
    expect((await run(file, { mapping })).accepted).toBe(1);
  });
});

describe('field-log import: nothing lost, nothing doubled', () => {
  it('adds nothing on a re-import and only the new rows of an overlapping file; identity is the id, else a content hash', async () => {
    const { f, write, run } = setup();
    const a = write('a.csv', csv([row('R1', '2026/11/20 9:30', WEST), row('R2', '2026/11/20 9:31', EAST), row('', '2026/11/20 9:32', WEST, '0401', '无编号的一行')]));
    expect(await run(a)).toMatchObject({ total: 3, accepted: 3, duplicates: 0 });
    expect(await run(a)).toMatchObject({ total: 3, accepted: 0, duplicates: 3 });
    const b = write('b.csv', csv([row('R2', '2026/11/20 9:31', EAST), row('R3', '2026/11/20 9:40', EAST), row('', '2026/11/20 9:32', WEST, '0401', '无编号的一行')]));
    const r = await run(b);
    expect(r).toMatchObject({ total: 3, accepted: 1, duplicates: 2, rejected: 0 });
    expect(r.accepted + r.rejected + r.duplicates).toBe(r.total);
    expect(count(f)).toBe(4);
    expect(f.db.prepare(`SELECT external_id FROM incidents WHERE external_id LIKE 'sha256:%'`).all()).toHaveLength(1);
    // Every imported case has its first event naming the batch; case numbers follow the report day.
    expect(f.db.prepare(`SELECT count(*) FROM incident_events WHERE action = 'report' AND note LIKE '由导入批次%'`).pluck().get()).toBe(4);
    expect(f.db.prepare(`SELECT case_no FROM incidents ORDER BY case_no`).pluck().all()).toEqual(['2026112000001', '2026112000002', '2026112000003', '2026112000004']);
  });

  it('leaves no trace when a failure is injected mid-batch, and logs the failed batch', async () => {
    const { f, write, run } = setup();
    const rows = Array.from({ length: 300 }, (_, i) => row(`F${i}`, '2026/11/20 9:30', i % 2 ? WEST : EAST));
    const file = write('fail.csv', csv(rows));
    const counts = () => [count(f), count(f, 'SELECT count(*) FROM incident_events'), count(f, 'SELECT count(*) FROM import_issues')];
    const before = counts();
    await expect(run(file, { failAfterRows: 150, batchSize: 50 })).rejects.toThrow(/中断/);
    expect(counts()).toEqual(before);
    await expect(run(file, { failAfterRows: 150, batchSize: 50, bulk: true })).rejects.toThrow(/中断/);
    expect(counts()).toEqual(before);
    // The schema survives a rolled-back bulk import: indexes and the search trigger are all there.
    expect(f.db.prepare(`SELECT count(*) FROM sqlite_schema WHERE type IN ('index','trigger') AND tbl_name IN ('incidents','incident_events')`).pluck().get()).toBeGreaterThan(8);
    expect((await run(file, { bulk: true })).accepted).toBe(300);
    expect(f.db.prepare(`SELECT count(*) FROM incidents_fts WHERE incidents_fts MATCH '"路边垃圾"'`).pluck().get()).toBe(300);
  });

  it('a dry run checks everything and writes nothing', async () => {
    const { f, write, run } = setup();
    const file = write('dry.csv', csv([row('D1', '2026/11/20 9:30', WEST), row('D2', 'x', WEST)]));
    const r = await run(file, { dryRun: true });
    expect(r).toMatchObject({ batchId: null, dryRun: true, accepted: 1, rejected: 1 });
    expect(count(f, `SELECT count(*) FROM incidents WHERE external_id LIKE 'D%'`)).toBe(0);
    expect(listBatches(f.db)).toHaveLength(0);
  });

  it('undo voids the cases of a batch, keeps and lists the ones handled since, and lets the file be imported again', async () => {
    const { f, write, run } = setup();
    const file = write('undo.csv', csv([row('U1', '2026/11/20 9:30', WEST), row('U2', '2026/11/20 9:31', EAST)]));
    const r = await run(file);
    const u2 = f.db.prepare(`SELECT id, version FROM incidents WHERE external_id = 'U2'`).get() as { id: number; version: number };
    transitionIncident(f.db, { incidentId: u2.id, action: 'register', expectedVersion: u2.version, operatorId: f.operators.supervisor }, NOW);
    const undo = undoBatch(f.db, r.batchId!, f.operators.supervisor, NOW + 1000);
    expect(undo).toMatchObject({ voided: 1, kept: [{ id: u2.id, status: 'registered' }] });
    const u1 = f.db.prepare(`SELECT id, status, external_id FROM incidents WHERE case_no = (SELECT min(case_no) FROM incidents)`).get() as { id: number; status: string; external_id: string | null };
    expect(u1).toMatchObject({ status: 'voided', external_id: null });
    const ev = f.db.prepare(`SELECT action, note, data FROM incident_events WHERE incident_id = ? ORDER BY id DESC LIMIT 1`).get(u1.id) as { action: string; note: string; data: string };
    expect(ev.action).toBe('void');
    expect(ev.note).toContain(`撤销导入批次 #${r.batchId}`);
    expect(JSON.parse(ev.data)).toMatchObject({ externalId: 'U1' });
    expect(listBatches(f.db)[0]).toMatchObject({ status: 'undone', canUndo: false });
    expect(() => undoBatch(f.db, r.batchId!, f.operators.supervisor, NOW)).toThrow(/已经撤销/);
    expect(() => f.db.prepare('DELETE FROM incidents').run()).toThrow(/案件不能删除/);
    expect(await run(file)).toMatchObject({ accepted: 1, duplicates: 1 });
  });

  it('copies referenced photos in by content hash; a missing photo is a warning, not a failure', async () => {
    const { f, dir, write, run } = setup();
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    fs.mkdirSync(path.join(dir, '照片'));
    fs.writeFileSync(path.join(dir, '照片', 'a.png'), png);
    const file = write('photos.csv', csv([[...row('P1', '2026/11/20 9:30', WEST), '照片/a.png;照片/缺失.jpg'], [...row('P2', '2026/11/20 9:31', WEST), '照片/a.png']], [...HEAD, '照片']));
    const r = await run(file);
    expect(r).toMatchObject({ accepted: 2, photos: 2 });
    expect(r.warnings.filter((w) => w.field === '照片')).toEqual([{ row: 2, field: '照片', reason: '照片「照片/缺失.jpg」不存在：未导入' }]);
    expect(count(f, 'SELECT count(*) FROM attachments')).toBe(1);
    expect(count(f, 'SELECT count(*) FROM incident_attachments')).toBe(2);
    const sha = f.db.prepare('SELECT sha256 FROM attachments').pluck().get() as string;
    expect(fs.existsSync(path.join(dir, 'attachments', sha.slice(0, 2), sha))).toBe(true);
    // An uploaded file has no folder: photos are warnings.
    const up = await run(write('photos2.csv', csv([[...row('P3', '2026/11/20 9:32', WEST), 'a.png']], [...HEAD, '照片'])), { photoDir: null });
    expect(up.warnings.find((w) => w.field === '照片')!.reason).toContain('未随文件提供');
  });

  it('flags a new case within 50 m of an open case of the same small class, and imports it', async () => {
    const { f, write, run } = setup();
    const near: [number, number] = [WEST[0] + 0.0002, WEST[1]];
    const file = write('near.csv', csv([row('N1', '2026/11/20 9:30', WEST), row('N2', '2026/11/20 10:30', near), row('N3', '2026/11/20 10:40', near, '0401')]));
    const r = await run(file);
    expect(r).toMatchObject({ accepted: 3, nearDuplicates: 1 });
    const n2 = f.db.prepare(`SELECT id FROM incidents WHERE external_id = 'N2'`).pluck().get();
    const flag = f.db.prepare(`SELECT note FROM incident_events WHERE incident_id = ? AND action = 'flag_duplicate'`).pluck().get(n2) as string;
    expect(flag).toMatch(/疑似重复：与案件 2026112000001 相距 \d+ 米/);
  });
});

describe('field-log import: bad input', () => {
  it('refuses an empty file, binary junk and an old .xls with one clear message each', async () => {
    const { write, run } = setup();
    await expect(run(write('empty.csv', ''))).rejects.toThrow(/文件为空/);
    await expect(run(write('junk.csv', Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x13, 0x37])))).rejects.toThrow(/不是文本表格文件/);
    await expect(run(write('old.xls', 'x'))).rejects.toThrow(/旧版 Excel/);
  });

  it('a header-only file imports nothing and says so', async () => {
    const { write, run } = setup();
    const r = await run(write('head.csv', csv([])));
    expect(r).toMatchObject({ total: 0, accepted: 0 });
    expect(r.warnings).toEqual([{ row: 0, field: null, reason: '文件只有表头，没有数据行' }]);
  });

  it('handles 100,000-character cells, missing columns, duplicated headers, absurd dates and formula text row by row', async () => {
    const { f, write, run } = setup();
    const head = [...HEAD, '地址'];
    const file = write('bad.csv', csv([
      row('B1', '2026/11/20 9:30', WEST, '暴露垃圾', '长'.repeat(100_000)),
      ['B2', '2026/11/20 9:30', '张三'],
      row('B3', '1900/1/1 9:30', WEST),
      row('B4', '2100/1/1 9:30', WEST),
      row('B5', '2026/11/20 9:30', WEST, '暴露垃圾', '=cmd|\' /C calc\'!A0'),
      row('B6', '2026/11/20 9:30', WEST),
    ], head));
    const r = await run(file);
    expect(r).toMatchObject({ total: 6, accepted: 2, rejected: 4 });
    expect(r.errors.map((e) => [e.row, e.field])).toEqual([[2, '问题描述'], [3, '类别'], [4, '发现时间'], [5, '发现时间']]);
    expect(r.errors[0]!.reason).toContain('100000');
    expect(r.warnings).toContainEqual({ row: 0, field: null, reason: expect.stringContaining('表头「地址」重复出现') });
    expect(r.warnings).toContainEqual({ row: 6, field: '问题描述', reason: expect.stringContaining('不会执行') });
    expect(f.db.prepare(`SELECT description FROM incidents WHERE external_id = 'B5'`).pluck().get()).toBe("=cmd|' /C calc'!A0");
    // The rejected rows, to fix and import again: UTF-8 with BOM, original columns, the reason; formulas defused.
    const out = rejectedRowsCsv(f.db, r.batchId!);
    expect(out.rows).toBe(4);
    expect(out.csv.startsWith('\uFEFF编号,发现时间,')).toBe(true);
    expect(out.csv.split('\r\n')[0]).toContain('行号,拒收原因');
    expect(out.csv).toContain('长'.repeat(100_000));
    const evil = write('evil.csv', csv([row('E1', '=1+1', WEST, '暴露垃圾', '=HYPERLINK("http://x")')]));
    const e = await run(evil);
    const exported = rejectedRowsCsv(f.db, e.batchId!).csv;
    expect(exported).toContain(`"'=1+1"`);
    expect(exported).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(exported).not.toMatch(/(^|,)=/m);
  });

  it('reads a GBK line inside a UTF-8 file in its own encoding and says so at that row', async () => {
    const { f, write, run } = setup();
    const utf8 = Buffer.from(csv([row('M1', '2026/11/20 9:30', WEST, '暴露垃圾', '第一行')]), 'utf8');
    const gbk = iconv.encode(csvLine(row('M2', '2026/11/20 9:31', EAST, '占道经营', '第二行是GBK')) + '\r\n', 'gbk');
    const r = await run(write('mixed.csv', Buffer.concat([utf8, gbk])));
    expect(r).toMatchObject({ accepted: 2, rejected: 0 });
    expect(r.warnings).toEqual([{ row: 3, field: null, reason: expect.stringContaining('编码与文件其他部分不同') }]);
    expect(f.db.prepare(`SELECT description FROM incidents WHERE external_id = 'M2'`).pluck().get()).toBe('第二行是GBK');
  });

  it('rejects a row with an unclosed quote and keeps reading the rest of the file', async () => {
    const { write, run } = setup();
    const text = csv([row('Q1', '2026/11/20 9:30', WEST)]) + 'Q2,2026/11/20 9:31,张三,113.005,28.19,"没有结束的引号,暴露垃圾,x,\r\n';
    const r = await run(write('quote.csv', text));
    expect(r).toMatchObject({ accepted: 1, rejected: 1 });
    expect(r.errors[0]!.reason).toContain('引号未闭合');
  });
});

describe('headers the handhelds and ledgers of the district write', () => {
  it('recognises the usual spellings of category, description, reporter and grid', async () => {
    const { proposeMapping } = await import('../../db/import/fields');
    expect(proposeMapping(['上报时间', '问题类别', '事件描述', '巡查人员', '网格编号'])).toEqual({
      reportedAt: '上报时间',
      category: '问题类别',
      description: '事件描述',
      reporter: '巡查人员',
      gridCode: '网格编号',
    });
    expect(proposeMapping(['发现时间', '案件类别', '问题内容', '网格'])).toMatchObject({ category: '案件类别', description: '问题内容', gridCode: '网格' });
  });
});
