/**
 * Hostile import files cannot take GridDesk down (issue "Trust", finding 5): zip bombs in XLSX and
 * Shapefile .zip, a one-line CSV, GPX full of unclosed tags, GeoJSON nested a million deep — each is
 * refused quickly, with a Chinese message naming the limit, bounded memory and nothing written.
 * Then a property test feeds random bytes and mutated valid files to every parser.
 */
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../db/errors';
import { readGridFile } from '../../db/import/gridFile';
import { parseGpx } from '../../db/import/gpx';
import { IMPORT_LIMITS, formatBytes, refuse, type ImportLimits } from '../../db/import/limits';
import { previewImport } from '../../db/import/preview';
import { openSource } from '../../db/import/source';
import { runImport } from '../../db/import/writer';
import type { Db } from '../../db/open';
import { deskFixture, sh } from '../helpers/deskFixture';
import { FUZZ_RUNS, FUZZ_TIMEOUT_MS, fuzzParameters, isChinese, mutated, mutatedZipContents, randomBytes } from '../helpers/fuzz';
import {
  buildZip,
  deepGeoJson,
  deflatedRepeat,
  FOUR_GB,
  minimalXlsx,
  minimalXlsxEntries,
  shapefileParts,
  square,
  unclosedWaypointsGpx,
  wellFormedGpx,
  zeroBomb,
} from '../helpers/hostileFiles';
import { tempDir } from '../helpers/tmp';

/** A full garbage collection (V8's gc, reached without the --expose-gc flag on the command line). */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

const NOW = sh('2026-11-25T10:00');
const WEST: [number, number] = [113.005, 28.19];
const TABLES = ['incidents', 'incident_events', 'import_batches', 'patrols', 'attachments', 'grids'] as const;

function counts(db: Db): Record<string, number> {
  return Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number]));
}

function setup() {
  const f = deskFixture();
  const dir = tempDir();
  let n = 0;
  const write = (name: string, data: string | Buffer) => {
    const file = path.join(dir, `${n++}-${name}`);
    fs.writeFileSync(file, data);
    return file;
  };
  const run = (file: string) =>
    runImport(f.db, { file, fileName: path.basename(file), crs: 'wgs84', photoDir: dir, attachmentsDir: path.join(dir, 'attachments'), now: NOW });
  return { f, dir, write, run };
}

/** The AppError a call throws (failing the test when it succeeds or throws anything else). */
async function refusal(call: () => unknown): Promise<AppError> {
  try {
    await call();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a refusal, the call succeeded');
}

/** Reads every row (what an import does), then closes. */
async function drain(file: string, fileName = path.basename(file), limits?: ImportLimits) {
  const source = await openSource(file, fileName, {}, { limits });
  try {
    let rows = 0;
    for await (const batch of source.batches(500)) rows += batch.length;
    return { source, rows };
  } finally {
    source.close();
  }
}

/** Time and resident-memory growth of one call. */
async function measured<T>(call: () => Promise<T>): Promise<{ ms: number; rssMB: number; value: T }> {
  const rss = process.memoryUsage().rss;
  const t = performance.now();
  const value = await call();
  return { ms: performance.now() - t, rssMB: (process.memoryUsage().rss - rss) / 1048576, value };
}

const csvText = (rows: string[][]) => rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
const HEAD = ['编号', '发现时间', '巡查员', '经度', '纬度', '地址', '类别', '问题描述'];
const validRows = (n: number) =>
  Array.from({ length: n }, (_, i) => [`H${i}`, '2026/11/20 9:30', '张三', String(WEST[0]), String(WEST[1]), '芙蓉中路', '暴露垃圾', `路边垃圾${i}`]);

describe('finding 5: zip bombs in XLSX and Shapefile .zip are refused before they inflate', () => {
  it('finding 5: an XLSX whose shared strings inflate to 3.8 GB is refused from the central directory, writing nothing', async () => {
    const { f, write, run } = setup();
    const file = write('bomb.xlsx', minimalXlsx([HEAD, validRows(1)[0]!], { parts: [{ name: 'xl/sharedStrings.xml', deflated: zeroBomb(0xf0000000), declaredSize: 0xf0000000 }] }));
    expect(fs.statSync(file).size).toBeLessThan(5 * 1048576);
    const before = counts(f.db);
    const { ms, rssMB, value: e } = await measured(() => refusal(() => previewImport(f.db, file, 'bomb.xlsx')));
    expect(e.kind).toBe('invalid-input');
    expect(e.message).toBe('XLSX 解压后超过 256 MB（共享字符串表 3.8 GB）：文件可能被构造为压缩炸弹，已拒绝');
    expect(ms).toBeLessThan(2000);
    expect(rssMB).toBeLessThan(100);
    expect((await refusal(() => run(file))).message).toMatch(/XLSX 解压后超过 256 MB/);
    expect(counts(f.db)).toEqual(before);
  });

  it('finding 5: an XLSX whose directory understates the inflated size stops at the declared size', async () => {
    const { f, write, run } = setup();
    // Declares 100 KB, holds 1 GB of shared strings: yauzl holds what inflates to what is declared.
    const strings = deflatedRepeat('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">', '<si><t>垃圾</t></si>'.repeat(800_000), 64);
    const file = write('liar.xlsx', minimalXlsx([HEAD], { parts: [{ name: 'xl/sharedStrings.xml', deflated: strings, declaredSize: 100_000 }] }));
    const before = counts(f.db);
    const { ms, rssMB, value: e } = await measured(() => refusal(() => run(file)));
    expect(e.kind).toBe('invalid-input');
    expect(e.message).toBe('XLSX 中的「共享字符串表」解压后超过压缩包记录的 97.7 KB：文件可能被构造为压缩炸弹，已拒绝');
    expect(ms).toBeLessThan(2000);
    expect(rssMB).toBeLessThan(100);
    expect(counts(f.db)).toEqual(before);
  });

  it('finding 5: an XLSX part inflating 1000:1 is refused on its ratio; a lowered cap applies to the whole', async () => {
    const { write } = setup();
    const ratio = write('ratio.xlsx', minimalXlsx([HEAD], { parts: [{ name: 'xl/styles.xml', deflated: zeroBomb(64 * 1048576), declaredSize: 64 * 1048576 }] }));
    const e = await refusal(() => drain(ratio));
    expect(e.message).toMatch(/^XLSX 中的「样式表」压缩比为 \d+:1，超过 200:1 的上限：文件可能被构造为压缩炸弹，已拒绝$/);
    const ok = write('ok.xlsx', minimalXlsx([HEAD, ...validRows(50)]));
    expect((await drain(ok)).rows).toBe(50);
    const lowered = { ...IMPORT_LIMITS, xlsxUncompressedBytes: 2048 };
    expect((await refusal(() => drain(ok, 'ok.xlsx', lowered))).message).toMatch(/^XLSX 解压后超过 2 KB（(共|工作表「巡查日志」) \d+(\.\d)? KB）：文件可能被构造为压缩炸弹，已拒绝$/);
  });

  it('finding 5: a Shapefile .zip with two 1.9 GB entries is refused before inflating; a valid one still reads', async () => {
    const { write } = setup();
    const big = 1.9e9;
    const bomb = write('grids.zip', buildZip([
      { name: 'grids.shp', deflated: zeroBomb(big), declaredSize: big },
      { name: 'grids.dbf', deflated: zeroBomb(big), declaredSize: big },
    ]));
    const { ms, rssMB, value: e } = await measured(() => refusal(() => readGridFile(bomb, 'grids.zip')));
    expect(e.kind).toBe('invalid-input');
    expect(e.message).toBe('Shapefile 压缩包 解压后超过 64 MB（grids.shp 1.8 GB）：文件可能被构造为压缩炸弹，已拒绝');
    expect(ms).toBeLessThan(2000);
    expect(rssMB).toBeLessThan(100);
    // Within the size cap but inflating 1000:1: refused on the ratio.
    const ratio = write('ratio.zip', buildZip([{ name: 'grids.shp', data: Buffer.alloc(100) }, { name: 'grids.dbf', deflated: zeroBomb(60 * 1048576), declaredSize: 60 * 1048576 }]));
    expect((await refusal(() => readGridFile(ratio, 'ratio.zip'))).message).toMatch(/^Shapefile 压缩包 中的「grids\.dbf」压缩比为 \d+:1，超过 200:1 的上限：文件可能被构造为压缩炸弹，已拒绝$/);
    const { shp, dbf } = shapefileParts([{ code: '430102001001001', name: '识字岭社区第1网格', ring: square(113, 28.18, 0.01) }]);
    const ok = write('ok.zip', buildZip([{ name: 'g.shp', data: shp }, { name: 'g.dbf', data: dbf }]));
    const g = await readGridFile(ok, 'ok.zip');
    expect(g).toMatchObject({ format: 'shapefile', encoding: 'gb18030' });
    expect(g.features[0]!.properties).toEqual({ CODE: '430102001001001', NAME: '识字岭社区第1网格' });
  });

  it('finding 5: a .shp big enough for more vertices than the limit is refused unread, naming the vertex limit', async () => {
    const { write } = setup();
    const { shp, dbf } = shapefileParts([{ code: '430102001001001', name: '网格', ring: square(113, 28.18, 0.01) }]);
    const file = write('g.zip', buildZip([{ name: 'g.shp', data: shp }, { name: 'g.dbf', data: dbf }]));
    const e = await refusal(() => readGridFile(file, 'g.zip', undefined, { ...IMPORT_LIMITS, gridVertices: 3 }));
    expect(e.message).toBe('网格文件「g.zip」的边界顶点超过 3 个的上限（按 .shp 大小估计可达 8 个）：请简化边界后再导入，已拒绝');
  });
});

describe('finding 5: text formats are read in bounded lines, depth and time', () => {
  it('finding 5: a 20 MB one-line CSV is refused at the line limit after reading 2 MB, and nothing is written', async () => {
    const { f, write, run } = setup();
    const file = write('line.csv', `${HEAD.join(',')}\n${'x,'.repeat(10 * 1048576)}`);
    const before = counts(f.db);
    const { ms, rssMB, value: e } = await measured(() => refusal(() => previewImport(f.db, file, 'line.csv')));
    expect(e.kind).toBe('invalid-input');
    expect(e.message).toBe('CSV 第 2 行超过 1 MB（已读到 2 MB 仍未换行）：文件可能不是 CSV 表格或已损坏，已拒绝');
    expect(ms).toBeLessThan(1000);
    expect(rssMB).toBeLessThan(100);
    expect((await refusal(() => run(file))).message).toMatch(/CSV 第 2 行超过 1 MB/);
    expect(counts(f.db)).toEqual(before);
    // The limit is a parameter: a lowered one applies to a 100 KB line.
    const small = write('small.csv', csvText([HEAD, ...validRows(3)]) + 'y'.repeat(100_000) + '\n');
    expect((await drain(small)).rows).toBe(4);
    const e2 = await refusal(() => drain(small, 'small.csv', { ...IMPORT_LIMITS, lineBytes: 64 * 1024 }));
    expect(e2.message).toBe('CSV 第 5 行超过 64 KB（已读到 97.7 KB 仍未换行）：文件可能不是 CSV 表格或已损坏，已拒绝');
  });

  it('finding 5: too many columns refuse the file; an over-long cell rejects only its row', async () => {
    const { write, run, f } = setup();
    const wide = write('wide.csv', `${Array.from({ length: 20 }, (_, i) => `c${i}`).join(',')}\n`);
    const e = await refusal(() => drain(wide, 'wide.csv', { ...IMPORT_LIMITS, columns: 10 }));
    expect(e.message).toBe('CSV 文件第 1 行有 20 列，超过 10 列的上限：已拒绝');
    const long = write('long.csv', csvText([HEAD, ...validRows(2)]).replace('路边垃圾1', '长'.repeat(300_000)));
    const r = await run(long);
    expect(r).toMatchObject({ total: 2, accepted: 1, rejected: 1 });
    expect(r.errors[0]!.reason).toBe('「问题描述」列的内容有 300,000 个字符，超过单元格 262,144 个字符的上限：此行未导入');
    expect(counts(f.db).incidents).toBe(1);
  });

  it('finding 5: the preview reads only the head of a CSV and answers a bounded size', async () => {
    const { f, write } = setup();
    // Twenty 900 KB lines (each under the line limit): 18 MB, of which the preview reads 8 MB.
    const row = (i: number) => [`P${i}`, '2026/11/20 9:30', '张三', '113.005', '28.19', '芙蓉中路', '暴露垃圾', 'z'.repeat(900_000)].join(',');
    const file = write('wide.csv', `${HEAD.join(',')}\n${Array.from({ length: 20 }, (_, i) => row(i)).join('\n')}\n`);
    expect(fs.statSync(file).size).toBeGreaterThan(17 * 1048576);
    const { ms, value: preview } = await measured(() => previewImport(f.db, file, 'wide.csv'));
    expect(preview.rows.length).toBeGreaterThan(3);
    expect(preview.rows.length).toBeLessThan(20);
    expect(preview.rows[0]![7]!.length).toBeLessThanOrEqual(200);
    expect(JSON.stringify(preview).length).toBeLessThan(100_000);
    expect(ms).toBeLessThan(2000);
  });

  it('finding 5: GPX with unclosed <wpt> tags is refused at once instead of parsed in quadratic time', async () => {
    const { f, write, run } = setup();
    const file = write('open.gpx', unclosedWaypointsGpx(24_000));
    expect(fs.statSync(file).size).toBeGreaterThan(2 * 1000 * 1000);
    const before = counts(f.db);
    const { ms, value: e } = await measured(() => refusal(() => run(file)));
    expect(e.kind).toBe('invalid-input');
    expect(e.message).toBe('GPX 的元素嵌套超过 64 层（可能有大量未闭合的标签，如 <wpt>）：文件已损坏，已拒绝');
    expect(ms).toBeLessThan(1000);
    expect(counts(f.db)).toEqual(before);
    // A few left open are read tolerantly: each ends where the next begins.
    expect(parseGpx(unclosedWaypointsGpx(3)).waypoints).toHaveLength(3);
  });

  it('finding 5: GPX parsing time grows linearly with the file (well-formed, and full of stray close tags)', () => {
    const time = (text: string) => {
      const t = performance.now();
      parseGpx(text);
      return performance.now() - t;
    };
    const best = (text: string) => Math.min(time(text), time(text), time(text));
    const n = 5_000;
    const small = best(wellFormedGpx(n));
    const large = best(wellFormedGpx(4 * n));
    expect(large).toBeLessThan(8 * small + 50);
    // Stray close tags under deep nesting: each is matched against at most the depth limit.
    const stray = (k: number) => `<gpx>${'<a>'.repeat(60)}${'</zz>'.repeat(k)}${'</a>'.repeat(60)}</gpx>`;
    const s1 = best(stray(50_000));
    const s4 = best(stray(200_000));
    expect(s4).toBeLessThan(8 * s1 + 50);
    const parsed = parseGpx(wellFormedGpx(4 * n));
    expect(parsed.waypoints).toHaveLength(4 * n);
    expect(parsed.tracks[0]!.segments[0]).toHaveLength(4 * n);
  });

  it('finding 5: GeoJSON and Open311 nested 10⁶ deep are invalid input at the depth limit, not a stack overflow', async () => {
    const { f, write, run } = setup();
    const before = counts(f.db);
    const deep = write('deep.geojson', deepGeoJson(1_000_000));
    const { ms, value: e } = await measured(() => refusal(() => run(deep)));
    expect(e.kind).toBe('invalid-input');
    expect(e.message).toMatch(/^「\d+-deep\.geojson」的 JSON 嵌套超过 64 层：不是有效的 GeoJSON 或 Open311 数据，已拒绝$/);
    expect(ms).toBeLessThan(1000);
    const open311 = write('deep.json', `[{"service_request_id":"1","attributes":${'{"a":'.repeat(1_000_000)}1${'}'.repeat(1_000_000)}}]`);
    expect((await refusal(() => run(open311))).kind).toBe('invalid-input');
    expect(counts(f.db)).toEqual(before);
    const e2 = await refusal(() => readGridFile(deep, 'deep.geojson'));
    expect(e2.message).toBe('「deep.geojson」的 JSON 嵌套超过 64 层：不是有效的 GeoJSON 或 Open311 数据，已拒绝');
    // Brackets inside strings are not nesting.
    const text = write('strings.geojson', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { note: '['.repeat(500) + '\\"{' }, geometry: { type: 'Point', coordinates: WEST } }] }));
    expect((await drain(text)).rows).toBe(1);
  });

  it('finding 5: GPX and GeoJSON with more points than the limit are refused, naming the limit', async () => {
    const { write } = setup();
    const limits = { ...IMPORT_LIMITS, points: 100 };
    const gpx = write('many.gpx', wellFormedGpx(60));
    expect((await refusal(() => drain(gpx, 'many.gpx', limits))).message).toBe('「many.gpx」的航点与轨迹点超过 100 个的上限（已有 101 个）：请拆分为多个文件后分别导入，已拒绝');
    const features = Array.from({ length: 101 }, () => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: WEST } }));
    const geo = write('many.geojson', JSON.stringify({ type: 'FeatureCollection', features }));
    expect((await refusal(() => drain(geo, 'many.geojson', limits))).message).toMatch(/「many\.geojson」的要素超过 100 个的上限（已有 101 个）/);
  });

  it('keeps the GPX reader forgiving: any case, namespace prefixes, CDATA, entities, GPX 1.0 author, self-closing points', () => {
    const gpx = parseGpx(`<?xml version="1.0"?>
<GPX version="1.0"><AUTHOR>李秀兰</AUTHOR>
<WPT LAT="28.19" LON="113.005"><ns:time>2026-11-20T01:30:00Z</ns:time><name><![CDATA[ <垃圾> ]]></name><cmt>路口 &amp; 桥下 &#x4e00;</cmt><type>暴露垃圾</type></WPT>
<wpt lat="28.2" lon="113.01"><name>raw & unescaped</name><desc>描述</desc><extensions><x:name>不是这个</x:name></extensions></wpt>
<trk><name>上午</name><trkseg><trkpt lat="28.18" lon="113.0"/><trkpt lat="28.19" lon="113.01"><time>2026-11-20T01:00:00Z</time></trkpt></trkseg><trkseg></trkseg></trk>
<trk><trkseg><trkpt lat="1" lon="2"><name>点名不是轨迹名</name></trkpt></trkseg></trk>
</GPX>`);
    expect(gpx.author).toBe('李秀兰');
    expect(gpx.waypoints).toEqual([
      { lon: 113.005, lat: 28.19, time: '2026-11-20T01:30:00Z', name: ' <垃圾> ', desc: '路口 & 桥下 一', type: '暴露垃圾' },
      { lon: 113.01, lat: 28.2, time: '', name: 'raw & unescaped', desc: '描述', type: '' },
    ]);
    expect(gpx.tracks).toEqual([
      { number: 1, name: '上午', segments: [[{ lon: 113.0, lat: 28.18, time: null }, { lon: 113.01, lat: 28.19, time: Date.parse('2026-11-20T01:00:00Z') }], []] },
      { number: 2, name: '', segments: [[{ lon: 2, lat: 1, time: null }]] },
    ]);
    // A file cut short keeps what was read.
    expect(parseGpx('<gpx><wpt lat="1" lon="2"><name>半个').waypoints).toEqual([{ lon: 2, lat: 1, time: '', name: '半个', desc: '', type: '' }]);
  });

  it('every limit has a Chinese message naming the limit and what was found', () => {
    expect(formatBytes(FOUR_GB)).toBe('4 GB');
    expect(formatBytes(512 * 1048576)).toBe('512 MB');
    const messages = [
      refuse.fileBytes('「x.csv」', 3 * 1024 ** 3),
      refuse.documentBytes('「x.gpx」', 300 * 1048576),
      refuse.gridFileBytes('「x.zip」', 200 * 1048576),
      refuse.uncompressed('XLSX', 512 * 1048576, FOUR_GB, '共享字符串表'),
      refuse.zipRatio('XLSX', '工作表「巡查日志」', 1000),
      refuse.zipEntries('XLSX', 70_000),
      refuse.zipSizeMismatch('XLSX', '共享字符串表', 100_000),
      refuse.xmlToken('XLSX', 1048576),
      refuse.xmlDepth('GPX'),
      refuse.lineBytes(7, 2 * 1048576),
      refuse.columns('CSV 文件', 1, 20_000),
      refuse.rows('CSV 文件'),
      refuse.jsonDepth('x.geojson'),
      refuse.points('x.gpx', '航点与轨迹点', 1_000_001),
      refuse.gridVertices('x.zip', 2_000_000),
      refuse.uploadBytes(3 * 1024 ** 3),
      refuse.stagedBytes(),
    ];
    for (const e of messages) {
      expect(e).toBeInstanceOf(AppError);
      expect(e.kind).toBe('invalid-input');
      expect(isChinese(e.message)).toBe(true);
      expect(e.message).toMatch(/\d/);
    }
    expect(refuse.uncompressed('XLSX', 512 * 1048576, FOUR_GB, '共享字符串表').message).toBe('XLSX 解压后超过 512 MB（共享字符串表 4 GB）：文件可能被构造为压缩炸弹，已拒绝');
  });
});

/**
 * The property: whatever the bytes, a parser answers rows or an AppError('invalid-input') with a
 * Chinese message — never another error, never unbounded memory, never a change to the database.
 */
describe('finding 5: property — random and mutated files never crash a parser', () => {
  const HEAP_BOUND_MB = 512;

  async function expectParsedOrRefused(call: () => Promise<unknown>, db?: Db): Promise<void> {
    const before = db ? counts(db) : null;
    try {
      await call();
    } catch (e) {
      if (!(e instanceof AppError) || e.kind !== 'invalid-input' || !isChinese(e.message)) {
        throw new Error(`not a clean refusal: ${e instanceof AppError ? `${e.kind}: ` : ''}${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e)}`);
      }
      if (db) expect(counts(db)).toEqual(before);
    }
  }

  async function property(name: string, arbitrary: fc.Arbitrary<Buffer>, check: (file: string) => Promise<void>): Promise<void> {
    const dir = tempDir();
    let n = 0;
    const heap = process.memoryUsage().heapUsed;
    const rss = process.memoryUsage().rss;
    await fc.assert(
      fc.asyncProperty(arbitrary, async (bytes) => {
        const file = path.join(dir, `${n++}-${name}`);
        fs.writeFileSync(file, bytes);
        try {
          await check(file);
        } finally {
          fs.rmSync(file, { force: true });
        }
      }),
      fuzzParameters(),
    );
    // What the parsers keep, not what they threw away and V8 has not yet collected.
    collectGarbage();
    expect((process.memoryUsage().heapUsed - heap) / 1048576).toBeLessThan(HEAP_BOUND_MB);
    expect((process.memoryUsage().rss - rss) / 1048576).toBeLessThan(2 * HEAP_BOUND_MB);
  }

  const fieldLog = () => {
    const { f, run } = setup();
    return { db: f.db, check: (file: string) => expectParsedOrRefused(() => run(file), f.db) };
  };
  const validGeoJson = Buffer.from(JSON.stringify({
    type: 'FeatureCollection',
    features: validRows(3).map((r) => ({ type: 'Feature', properties: Object.fromEntries(HEAD.map((h, i) => [h, r[i]])), geometry: { type: 'Point', coordinates: WEST } })),
  }));
  const validOpen311 = Buffer.from(JSON.stringify(validRows(3).map((r) => ({ service_request_id: r[0], requested_datetime: '2026-11-20T01:30:00Z', description: r[7], service_name: '暴露垃圾', lat: WEST[1], long: WEST[0] }))));
  const { shp, dbf } = shapefileParts([
    { code: '430102001001001', name: '识字岭社区第1网格', ring: square(113, 28.18, 0.01) },
    { code: '430102001001002', name: '识字岭社区第2网格', ring: square(113.01, 28.18, 0.01) },
  ]);

  it(`property: CSV (${FUZZ_RUNS} random and ${FUZZ_RUNS} mutated files)`, async () => {
    const { check } = fieldLog();
    await property('x.csv', randomBytes(), check);
    await property('x.csv', mutated(Buffer.from(csvText([HEAD, ...validRows(5)]))), check);
  }, FUZZ_TIMEOUT_MS);

  it(`property: XLSX (${FUZZ_RUNS} random, ${FUZZ_RUNS} mutated and ${FUZZ_RUNS} with mutated parts)`, async () => {
    const { check } = fieldLog();
    await property('x.xlsx', randomBytes(Buffer.from('PK\x03\x04')), check);
    await property('x.xlsx', mutated(minimalXlsx([HEAD, ...validRows(5)])), check);
    await property('x.xlsx', mutatedZipContents(minimalXlsxEntries([HEAD, ...validRows(5)])), check);
  }, FUZZ_TIMEOUT_MS);

  it(`property: GeoJSON (${FUZZ_RUNS} random and ${FUZZ_RUNS} mutated files)`, async () => {
    const { check } = fieldLog();
    await property('x.geojson', randomBytes(Buffer.from('{"type":"FeatureCollection","features":[')), check);
    await property('x.geojson', mutated(validGeoJson), check);
  }, FUZZ_TIMEOUT_MS);

  it(`property: GPX (${FUZZ_RUNS} random and ${FUZZ_RUNS} mutated files)`, async () => {
    const { check } = fieldLog();
    await property('x.gpx', randomBytes(Buffer.from('<gpx version="1.1">')), check);
    await property('x.gpx', mutated(Buffer.from(wellFormedGpx(4))), check);
  }, FUZZ_TIMEOUT_MS);

  it(`property: Open311 (${FUZZ_RUNS} random and ${FUZZ_RUNS} mutated files)`, async () => {
    const { check } = fieldLog();
    await property('x.json', randomBytes(Buffer.from('[{')), check);
    await property('x.json', mutated(validOpen311), check);
  }, FUZZ_TIMEOUT_MS);

  it(`property: Shapefile .zip (${FUZZ_RUNS} random, mutated and with mutated parts) and grid GeoJSON (${FUZZ_RUNS} mutated)`, async () => {
    const grid = (file: string) => expectParsedOrRefused(() => readGridFile(file, path.basename(file)));
    await property('g.zip', randomBytes(Buffer.from('PK\x03\x04')), grid);
    const parts = [{ name: 'g.shp', data: shp }, { name: 'g.dbf', data: dbf }, { name: 'g.cpg', data: Buffer.from('936') }];
    await property('g.zip', mutated(buildZip(parts)), grid);
    await property('g.zip', mutatedZipContents(parts), grid);
    await property('g.geojson', mutated(Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '1' }, geometry: { type: 'Polygon', coordinates: [square(113, 28.18, 0.01)] } }] }))), grid);
  }, FUZZ_TIMEOUT_MS);
});
