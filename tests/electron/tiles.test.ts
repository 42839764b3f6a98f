import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMbtiles } from '../../db/tiles/mbtiles';
import { openStore, type OpenedStore } from '../../electron/host';
import { startBrowserServer, type BrowserServer } from '../../electron/server/httpServer';
import { checkTileUrl, parseTilePath } from '../../electron/tiles/tileService';
import { invokeCall } from '../../electron/handlers/invoke';
import { tempDir } from '../helpers/tmp';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f0e1f70000000049454e44ae426082', 'hex');

/** An MBTiles file with the given format and tiles ([z, x, tmsRow]). */
function mbtiles(file: string, format: string | null, tiles: [number, number, number][] = []): string {
  const db = new Database(file);
  db.exec('CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)');
  db.prepare('INSERT INTO metadata VALUES (?, ?)').run('name', '芙蓉区离线底图');
  if (format !== null) db.prepare('INSERT INTO metadata VALUES (?, ?)').run('format', format);
  for (const [z, x, row] of tiles) db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)').run(z, x, row, PNG);
  db.close();
  return file;
}

describe('MBTiles reading', () => {
  it('serves a tile with the TMS row flipped to XYZ, and reports the zoom range', () => {
    const dir = tempDir();
    // z 14, x 13400, XYZ y 6900 → TMS row 2^14 − 1 − 6900 = 9483.
    const src = openMbtiles(mbtiles(path.join(dir, 'ok.mbtiles'), 'png', [[14, 13400, 9483], [15, 1, 1]]));
    expect(src.status).toMatchObject({ ok: true, info: { format: 'png', minzoom: 14, maxzoom: 15, name: '芙蓉区离线底图' } });
    const tile = src.tile(14, 13400, 6900);
    expect(tile?.mime).toBe('image/png');
    expect(tile?.data.equals(PNG)).toBe(true);
    expect(src.tile(14, 13400, 9483)).toBeNull();
    expect(src.tile(13, 6700, 3450)).toBeNull();
    expect(src.tile(2, 9, 0)).toBeNull();
    src.close();
  });

  it.each([
    ['a file that is not SQLite', (f: string) => fs.writeFileSync(f, 'PK\u0003\u0004 not a database'), /不是 MBTiles（SQLite）文件/],
    ['an empty (0-byte) file', (f: string) => fs.writeFileSync(f, ''), /不是 MBTiles（SQLite）文件/],
    ['a missing file', () => {}, /文件不存在/],
    ['SQLite without MBTiles tables', (f: string) => new Database(f).exec('CREATE TABLE t (a)').close(), /缺少 tiles 或 metadata 表/],
    ['an MBTiles file with no tiles', (f: string) => mbtiles(f, 'png'), /没有任何瓦片/],
    ['vector tiles (pbf)', (f: string) => mbtiles(f, 'pbf', [[1, 0, 0]]), /矢量瓦片（pbf）/],
    ['an unknown format', (f: string) => mbtiles(f, 'tiff', [[1, 0, 0]]), /格式未知（tiff）/],
    ['no format at all', (f: string) => mbtiles(f, null, [[1, 0, 0]]), /格式未知（未注明）/],
  ])('refuses %s with a clear message', (_label, make, message) => {
    const file = path.join(tempDir(), 'bad.mbtiles');
    make(file);
    const src = openMbtiles(file);
    expect(src.status.ok).toBe(false);
    expect(!src.status.ok && src.status.message).toMatch(message);
    expect(src.tile(1, 0, 0)).toBeNull();
  });
});

describe('tile URLs', () => {
  it('accepts http(s) templates with {z}/{x}/{y} and gives their origin for the CSP', () => {
    expect(checkTileUrl('http://10.1.2.3:8080/tiles/{z}/{x}/{y}.png')).toEqual({ origin: 'http://10.1.2.3:8080' });
    expect(checkTileUrl('https://t0.tianditu.gov.cn/vec_w/wmts?x={x}&y={y}&l={z}&tk=abc')).toEqual({ origin: 'https://t0.tianditu.gov.cn' });
    expect(checkTileUrl('file:///c:/tiles/{z}/{x}/{y}.png')).toHaveProperty('message');
    expect(checkTileUrl('http://a.example/{z}/{x}.png')).toHaveProperty('message');
  });

  it('parses tile paths', () => {
    expect(parseTilePath('/tiles/abc/14/13400/6900.png')).toEqual({ secret: 'abc', z: 14, x: 13400, y: 6900 });
    expect(parseTilePath('/tiles/abc/14/13400')).toBeNull();
    expect(parseTilePath('/tiles/abc/14/-1/2')).toBeNull();
  });
});

describe('browser mode: GET /tiles/<token>/z/x/y and the CSP', () => {
  let store: OpenedStore;
  let server: BrowserServer;
  let dir: string;

  beforeEach(async () => {
    dir = tempDir();
    fs.mkdirSync(path.join(dir, 'renderer'));
    store = openStore(path.join(dir, 't.sqlite'), { transport: 'http' });
    server = await startBrowserServer({ handlers: store.handlers, staticDir: path.join(dir, 'renderer'), tiles: store.tiles });
  });

  afterEach(async () => {
    await server.close();
    store.tiles.close();
    store.db.close();
  });

  const setBasemap = (input: object) =>
    invokeCall(store.handlers, 'map:set-basemap', { xyzUrl: null, xyzCrs: 'wgs84', mbtilesPath: null, mbtilesCrs: 'wgs84', ...input });

  it('serves the configured MBTiles file only with the token in the path', async () => {
    const file = mbtiles(path.join(dir, 'ok.mbtiles'), 'png', [[14, 13400, 9483]]);
    const saved = await setBasemap({ mbtilesPath: file });
    expect(saved).toMatchObject({ ok: true, value: { mbtiles: { ok: true } } });
    const ok = await fetch(`${server.origin}/tiles/${server.token}/14/13400/6900.png`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await ok.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await fetch(`${server.origin}/tiles/wrong-token/14/13400/6900.png`)).status).toBe(401);
    const missing = await fetch(`${server.origin}/tiles/${server.token}/12/1/1.png`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/第 12 级没有这块瓦片/);
  });

  it('a bad MBTiles file: the setting is saved, the problem reported, tiles answer 410 and the API keeps working', async () => {
    const file = path.join(dir, 'bad.mbtiles');
    fs.writeFileSync(file, 'not sqlite');
    const saved = await setBasemap({ mbtilesPath: file });
    expect(saved.ok && saved.value).toMatchObject({ mbtiles: { ok: false, message: expect.stringMatching(/不是 MBTiles/) } });
    const tile = await fetch(`${server.origin}/tiles/${server.token}/1/0/0.png`);
    expect(tile.status).toBe(410);
    const info = await invokeCall(store.handlers, 'app:info', {});
    expect(info.ok).toBe(true);
  });

  it('the CSP allows no remote image origin until a tile URL is configured, then only that origin', async () => {
    const before = await fetch(`${server.origin}/tiles/${server.token}/1/0/0.png`);
    expect(before.headers.get('content-security-policy')).toMatch(/img-src 'self' data: blob:;/);
    expect((await setBasemap({ xyzUrl: 'http://10.1.2.3:8080/{z}/{x}/{y}.png' })).ok).toBe(true);
    const after = await fetch(`${server.origin}/tiles/${server.token}/1/0/0.png`);
    expect(after.headers.get('content-security-policy')).toMatch(/img-src 'self' data: blob: http:\/\/10\.1\.2\.3:8080;/);
    const bad = await setBasemap({ xyzUrl: 'javascript:alert(1)//{z}/{x}/{y}' });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });
});
