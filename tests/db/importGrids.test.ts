import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import polygonClipping, { type MultiPolygon } from 'polygon-clipping';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { seedDefaults } from '../../db/defaults/seed';
import { readGridFile } from '../../db/import/gridFile';
import { applyGrids, proposeGridMapping, validateGridFile } from '../../db/import/gridBoundaries';
import { locateGrid } from '../../db/queries/grids';
import { createIncident } from '../../db/queries/caseWorkflow';
import { toWgs84 } from '../../db/geo';
import type { GridPropertyMapping } from '../../db/import/types';
import { tempDir } from '../helpers/tmp';
import { FURONG_OUTLINE } from '../../db/demo/outline';
import gcoord from 'gcoord';

const NOW = Date.parse('2026-11-25T10:00:00+08:00');
const MAPPING: GridPropertyMapping = { code: 'code', name: 'name' };

type Feature = { type: 'Feature'; properties: Record<string, unknown>; geometry: { type: 'MultiPolygon'; coordinates: MultiPolygon } };

/**
 * The district outline GridDesk draws for its demo (close to the real 芙蓉区 boundary), shifted to GCJ-02 as
 * an AMap-based file would be, cut into 2 streets (west/east) of 2 community grids (north/south) each.
 */
function district(): Feature[] {
  const outline: MultiPolygon = [[FURONG_OUTLINE.map(([lon, lat]) => gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number])]];
  const box = (x0: number, y0: number, x1: number, y1: number): MultiPolygon => [[[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]];
  const [W, S, E, N, MX, MY] = [112.9, 28.1, 113.2, 28.3, 113.04, 28.2];
  const f = (code: string, name: string, g: MultiPolygon): Feature => ({ type: 'Feature', properties: { code, name }, geometry: { type: 'MultiPolygon', coordinates: g } });
  const cut = (g: MultiPolygon, b: MultiPolygon) => polygonClipping.intersection(g, b);
  const west = cut(outline, box(W, S, MX, N));
  const east = cut(outline, box(MX, S, E, N));
  return [
    f('430102000000000', '芙蓉区', outline),
    f('430102001000000', '文艺路街道', west),
    f('430102002000000', '朝阳街街道', east),
    f('430102001001001', '识字岭社区', cut(west, box(W, MY, MX, N))),
    f('430102001001002', '燕子岭社区', cut(west, box(W, S, MX, MY))),
    f('430102002001001', '朝阳社区', cut(east, box(MX, MY, E, N))),
    f('430102002001002', '晓园社区', cut(east, box(MX, S, E, MY))),
  ];
}

function write(features: Feature[]): string {
  const file = path.join(tempDir(), 'grids.geojson');
  fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
  return file;
}

async function validate(features: Feature[]) {
  const file = await readGridFile(write(features), 'grids.geojson');
  return validateGridFile(file, MAPPING, 'gcj02');
}

describe('grid-boundary validation', () => {
  it('accepts the district cut into streets and grids (GCJ-02 converted to WGS-84) and proposes the mapping', async () => {
    const file = await readGridFile(write(district()), 'grids.geojson');
    expect(proposeGridMapping(file)).toEqual({ code: 'code', name: 'name', level: null, parent: null });
    const { drafts, issues } = validateGridFile(file, MAPPING, 'gcj02');
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(drafts.map((d) => d.level)).toEqual([1, 2, 2, 3, 3, 3, 3]);
    expect(drafts[3]!.parentCode).toBe('430102001000000');
    const area = drafts[0]!.areaM2 / 1e6;
    expect(area).toBeGreaterThan(40);
    expect(area).toBeLessThan(46);
    // WGS-84 now: about 670 m west/south of the GCJ-02 outline.
    const [x] = toWgs84(113.0, 28.2, 'gcj02');
    expect(drafts[0]!.bbox[0]).toBeLessThan(112.976);
    expect(x).toBeLessThan(113.0);
  });

  it('reports an overlap between siblings and the gap it leaves, with area and location', async () => {
    const features = district();
    const north = features[3]!;
    const south = features[4]!;
    // Move the boundary: the north grid takes a strip of the south grid, the south grid loses another.
    north.geometry.coordinates = polygonClipping.union(north.geometry.coordinates, polygonClipping.intersection(south.geometry.coordinates, [[[[112.9, 28.195], [113.0, 28.195], [113.0, 28.2], [112.9, 28.2], [112.9, 28.195]]]]));
    south.geometry.coordinates = polygonClipping.difference(south.geometry.coordinates, [[[[113.0, 28.18], [113.02, 28.18], [113.02, 28.19], [113.0, 28.19], [113.0, 28.18]]]]);
    const { issues } = await validate(features);
    const overlap = issues.find((i) => i.kind === 'overlap' && i.severity === 'error')!;
    expect(overlap).toMatchObject({ severity: 'error', codes: ['430102001001001', '430102001001002'] });
    expect(overlap.areaM2!).toBeGreaterThan(100_000);
    expect(overlap.location![1]).toBeGreaterThan(28.19);
    const gap = issues.find((i) => i.kind === 'gap' && i.severity === 'error')!;
    expect(gap).toMatchObject({ severity: 'error', codes: ['430102001000000'] });
    expect(gap.areaM2!).toBeGreaterThan(1_000_000);
    expect(gap.message).toContain('缝隙');
  });

  it('reports a community grid reaching outside its street', async () => {
    const features = district();
    const grid = features[6]!;
    grid.geometry.coordinates = polygonClipping.union(grid.geometry.coordinates, [[[[113.02, 28.17], [113.05, 28.17], [113.05, 28.19], [113.02, 28.19], [113.02, 28.17]]]]);
    const { issues } = await validate(features);
    const outside = issues.find((i) => i.kind === 'outside-parent' && i.severity === 'error')!;
    expect(outside).toMatchObject({ severity: 'error', codes: ['430102002001002', '430102002000000'] });
    expect(outside.message).toContain('之外');
  });

  it('reports malformed codes, duplicated codes, missing parents and self-crossing rings', async () => {
    const features = district();
    features.push(
      { ...features[5]!, properties: { code: '43010200200100X', name: '坏编码' } },
      { ...features[5]!, properties: { code: '430102002001001', name: '重复' } },
      { ...features[5]!, properties: { code: '430102009001001', name: '没有街道' } },
      { type: 'Feature', properties: { code: '430102002001003', name: '蝴蝶' }, geometry: { type: 'MultiPolygon', coordinates: [[[[113.05, 28.19], [113.06, 28.2], [113.06, 28.19], [113.05, 28.2], [113.05, 28.19]]]] } },
    );
    const kinds = (await validate(features)).issues.filter((i) => i.severity === 'error').map((i) => i.kind);
    expect(kinds).toEqual(expect.arrayContaining(['invalid-code', 'duplicate-code', 'missing-parent', 'invalid-ring']));
  });
});

describe('grid-boundary import', () => {
  it('imports into an empty database; a point lands in its grid; replacing moves cases and logs it', async () => {
    const { db } = openDatabase(path.join(tempDir(), 'g.sqlite'));
    seedDefaults(db, 0);
    const features = district();
    const file = await readGridFile(write(features), 'grids.geojson');
    const first = applyGrids(db, { file, fileName: 'grids.geojson', mapping: MAPPING, crs: 'gcj02', dryRun: false, now: NOW });
    expect(first).toMatchObject({ applied: true, added: 7, errorCount: 0, counts: { districts: 1, streets: 2, grids: 4 } });
    const [lon, lat] = toWgs84(113.02, 28.21, 'gcj02');
    expect(locateGrid(db, lon, lat).grid?.code).toBe('430102001001001');
    const op = db.prepare(`INSERT INTO operators (name, role, created_at) VALUES ('监督员', 'supervisor', 0)`).run().lastInsertRowid as number;
    const cat = db.prepare(`SELECT id FROM categories WHERE kind = 'event' AND code = '0102'`).pluck().get() as number;
    const c = createIncident(db, { operatorId: op, categoryId: cat, description: '垃圾', lon: 113.02, lat: 28.21, crs: 'gcj02', source: 'patrol' }, NOW);
    // New boundaries: the west street's north/south line moves north, past the case.
    const moved = district();
    const cutAt = (y: number) => {
      const west = moved[1]!.geometry.coordinates;
      moved[3]!.geometry.coordinates = polygonClipping.intersection(west, [[[[112.9, y], [113.04, y], [113.04, 28.3], [112.9, 28.3], [112.9, y]]]]);
      moved[4]!.geometry.coordinates = polygonClipping.intersection(west, [[[[112.9, 28.1], [113.04, 28.1], [113.04, y], [112.9, y], [112.9, 28.1]]]]);
    };
    cutAt(28.215);
    const file2 = await readGridFile(write(moved), 'grids2.geojson');
    const dry = applyGrids(db, { file: file2, fileName: 'grids2.geojson', mapping: MAPPING, crs: 'gcj02', dryRun: true, now: NOW });
    expect(dry).toMatchObject({ applied: false, incidentsMoved: 1, updated: 7 });
    expect(db.prepare(`SELECT grid_id FROM incidents WHERE id = ?`).pluck().get(c.id)).toBe(db.prepare(`SELECT id FROM grids WHERE code = '430102001001001'`).pluck().get());
    const done = applyGrids(db, { file: file2, fileName: 'grids2.geojson', mapping: MAPPING, crs: 'gcj02', dryRun: false, now: NOW });
    expect(done).toMatchObject({ applied: true, incidentsMoved: 1, moves: [{ incidentId: c.id, fromCode: '430102001001001', toCode: '430102001001002' }] });
    const ev = db.prepare(`SELECT action, note FROM incident_events WHERE incident_id = ? ORDER BY id DESC LIMIT 1`).get(c.id) as { action: string; note: string };
    expect(ev).toMatchObject({ action: 'regrid', note: expect.stringContaining('430102001001002') });
    // A grid still in use (a duty there) cannot silently disappear, even when the rest tiles.
    const south = db.prepare(`SELECT id FROM grids WHERE code = '430102001001002'`).pluck().get() as number;
    const person = db.prepare(`INSERT INTO persons (name, created_at, updated_at) VALUES ('王建国', 0, 0)`).run().lastInsertRowid;
    db.prepare(`INSERT INTO duties (person_id, grid_id, role, valid_from, created_at) VALUES (?, ?, 'grid_worker', '2026-01-01', 0)`).run(person, south);
    const merged = district().filter((f) => f.properties.code !== '430102001001002');
    merged[3]!.geometry.coordinates = merged[1]!.geometry.coordinates;
    const refused = applyGrids(db, { file: await readGridFile(write(merged), 'g3.geojson'), fileName: 'g3.geojson', mapping: MAPPING, crs: 'gcj02', dryRun: false, now: NOW });
    expect(refused.applied).toBe(false);
    expect(refused.issues.find((i) => i.kind === 'removed-grid-in-use')!.message).toContain('duties 1 条');
    expect(db.prepare(`SELECT count(*) FROM grids`).pluck().get()).toBe(7);
    expect(db.prepare(`SELECT grid_id FROM incidents WHERE id = ?`).pluck().get(c.id)).toBe(south);
    db.close();
  });

  it('reads a zipped Shapefile whose .dbf is GBK without a .cpg', async () => {
    const features = district().slice(0, 3);
    const zip = shapefileZip(features.map((f) => ({ code: String(f.properties.code), name: String(f.properties.name), polygons: f.geometry.coordinates })));
    const file = path.join(tempDir(), 'grids.zip');
    fs.writeFileSync(file, zip);
    const g = await readGridFile(file, 'grids.zip');
    expect(g).toMatchObject({ format: 'shapefile', encoding: 'gb18030' });
    expect(g.features.map((f) => f.properties.NAME)).toEqual(['芙蓉区', '文艺路街道', '朝阳街街道']);
    const { drafts, issues } = validateGridFile(g, { code: 'CODE', name: 'NAME' }, 'gcj02');
    expect(issues.filter((i) => i.severity === 'error' && i.kind !== 'gap')).toEqual([]);
    expect(drafts).toHaveLength(3);
  });
});

/** A minimal polygon Shapefile (.shp + .dbf, text in GBK) in a stored .zip. */
function shapefileZip(items: { code: string; name: string; polygons: MultiPolygon }[]): Buffer {
  const records: Buffer[] = [];
  let all = [Infinity, Infinity, -Infinity, -Infinity];
  items.forEach((item, i) => {
    const rings = item.polygons.flatMap((p) => p.map((r, k) => (k === 0 ? [...r].reverse() : r)));
    const pts = rings.flat();
    const bbox = [Math.min(...pts.map((p) => p[0]!)), Math.min(...pts.map((p) => p[1]!)), Math.max(...pts.map((p) => p[0]!)), Math.max(...pts.map((p) => p[1]!))];
    all = [Math.min(all[0]!, bbox[0]!), Math.min(all[1]!, bbox[1]!), Math.max(all[2]!, bbox[2]!), Math.max(all[3]!, bbox[3]!)];
    const content = Buffer.alloc(44 + 4 * rings.length + 16 * pts.length);
    content.writeInt32LE(5, 0);
    bbox.forEach((v, k) => content.writeDoubleLE(v, 4 + 8 * k));
    content.writeInt32LE(rings.length, 36);
    content.writeInt32LE(pts.length, 40);
    let start = 0;
    rings.forEach((r, k) => {
      content.writeInt32LE(start, 44 + 4 * k);
      start += r.length;
    });
    pts.forEach((p, k) => {
      content.writeDoubleLE(p[0]!, 44 + 4 * rings.length + 16 * k);
      content.writeDoubleLE(p[1]!, 52 + 4 * rings.length + 16 * k);
    });
    const head = Buffer.alloc(8);
    head.writeInt32BE(i + 1, 0);
    head.writeInt32BE(content.length / 2, 4);
    records.push(head, content);
  });
  const body = Buffer.concat(records);
  const header = Buffer.alloc(100);
  header.writeInt32BE(9994, 0);
  header.writeInt32BE((100 + body.length) / 2, 24);
  header.writeInt32LE(1000, 28);
  header.writeInt32LE(5, 32);
  all.forEach((v, k) => header.writeDoubleLE(v, 36 + 8 * k));
  const shp = Buffer.concat([header, body]);

  const fields = [{ name: 'CODE', len: 15 }, { name: 'NAME', len: 40 }];
  const recordLength = 1 + fields.reduce((s, f) => s + f.len, 0);
  const dbfHead = Buffer.alloc(32 + 32 * fields.length + 1);
  dbfHead.writeUInt8(3, 0);
  dbfHead.writeUInt32LE(items.length, 4);
  dbfHead.writeUInt16LE(dbfHead.length, 8);
  dbfHead.writeUInt16LE(recordLength, 10);
  fields.forEach((f, k) => {
    dbfHead.write(f.name, 32 + 32 * k, 'ascii');
    dbfHead.write('C', 32 + 32 * k + 11, 'ascii');
    dbfHead.writeUInt8(f.len, 32 + 32 * k + 16);
  });
  dbfHead.writeUInt8(0x0d, dbfHead.length - 1);
  const rows = items.map((it) => {
    const r = Buffer.alloc(recordLength, 0x20);
    Buffer.from(it.code, 'ascii').copy(r, 1);
    iconv.encode(it.name, 'gbk').copy(r, 1 + 15);
    return r;
  });
  const dbf = Buffer.concat([dbfHead, ...rows, Buffer.from([0x1a])]);
  return storedZip([['grids.shp', shp], ['grids.dbf', dbf]]);
}

function storedZip(entries: [string, Buffer][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const crc = zlib.crc32(data);
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
