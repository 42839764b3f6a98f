/**
 * The weekly summary's map: the period's cases binned into 3-unit cells by SQLite (no case row read into
 * the report) and drawn as one PNG layer. Decoding the layer, every cell holding cases has a dot of the
 * right colour at its centre (red: an overdue case; blue: most still open; green: most closed), and no
 * dot is drawn where no case was reported.
 */
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { seedDefaults } from '../../db/defaults/seed';
import { loadDemo } from '../../db/demo/load';
import { renderAreaMapSvg } from '../../db/stats/mapSvg';
import { parseIsoWeek } from '../../db/stats/period';
import { sh } from '../helpers/deskFixture';
import { tempDir } from '../helpers/tmp';

/** The RGBA pixels of a PNG as DotLayer writes it (8-bit RGBA, no interlace, filter 0 on every row). */
function decodePng(png: Buffer): { width: number; height: number; pixel: (x: number, y: number) => [number, number, number, number] } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  for (let o = 8; o < png.length; ) {
    const length = png.readUInt32BE(o);
    const type = png.toString('latin1', o + 4, o + 8);
    const data = png.subarray(o + 8, o + 8 + length);
    expect(png.readUInt32BE(o + 8 + length), `${type} CRC`).toBe(zlib.crc32(png.subarray(o + 4, o + 8 + length)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9], data[12]]).toEqual([8, 6, 0]);
    } else if (type === 'IDAT') idat.push(data);
    o += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * 4 + 1;
  expect(raw.length).toBe(stride * height);
  return {
    width,
    height,
    pixel: (x, y) => {
      expect(raw[y * stride]).toBe(0);
      const o = y * stride + 1 + x * 4;
      return [raw[o]!, raw[o + 1]!, raw[o + 2]!, raw[o + 3]!];
    },
  };
}

describe('the weekly map', () => {
  it('draws a dot of the right colour on every cell of the week’s cases and nothing elsewhere', () => {
    const { db } = openDatabase(path.join(tempDir(), 'map.sqlite'));
    seedDefaults(db, 0);
    loadDemo(db, { until: '2026-11-25', incidents: 3000 });
    // The last week of the demo, printed after it: its open cases past their deadline are overdue.
    const week = parseIsoWeek('2026-W48');
    const now = sh('2026-12-31T10:00');
    const district = db.prepare(`SELECT id, min_lon, min_lat, max_lon, max_lat FROM grids WHERE level = 1`).get() as {
      id: number;
      min_lon: number;
      min_lat: number;
      max_lon: number;
      max_lat: number;
    };
    const svg = renderAreaMapSvg(db, { areaGridId: district.id, areaLevel: 1, start: week.start, end: week.end, now });
    const [, viewW, viewH] = /viewBox="0 0 (\d+) (\d+)"/.exec(svg)!.map(Number);
    const images = [...svg.matchAll(/<image href="data:image\/png;base64,([^"]+)" x="0" y="0" width="(\d+)" height="(\d+)"\/>/g)];
    expect(images).toHaveLength(1);
    expect(svg.indexOf('<image')).toBeLessThan(svg.indexOf('<text')); // under the street names
    const png = decodePng(Buffer.from(images[0]![1]!, 'base64'));
    expect([png.width, png.height]).toEqual([viewW! * 3, viewH! * 3]);

    // The reference: every case read and binned here, with the map's own projection.
    const pad = 8;
    const kx = Math.cos((((district.min_lat + district.max_lat) / 2) * Math.PI) / 180);
    const scale = (viewW! - 2 * pad) / ((district.max_lon - district.min_lon) * kx);
    const at = Math.min(now, week.end);
    const cases = db
      .prepare(
        `SELECT lon, lat, closed_at AS closedAt, due_at AS dueAt FROM incidents
         WHERE reported_at >= ? AND reported_at < ? AND duplicate_of IS NULL AND status NOT IN ('voided', 'rejected') AND lon IS NOT NULL`,
      )
      .all(week.start, week.end) as { lon: number; lat: number; closedAt: number | null; dueAt: number | null }[];
    expect(cases.length).toBeGreaterThan(50);
    const cells = new Map<string, { col: number; row: number; n: number; open: number; overdue: number }>();
    for (const c of cases) {
      const col = Math.floor((pad + (c.lon - district.min_lon) * kx * scale) / 3);
      const row = Math.floor((pad + (district.max_lat - c.lat) * scale) / 3);
      const key = `${col}:${row}`;
      let cell = cells.get(key);
      if (!cell) cells.set(key, (cell = { col, row, n: 0, open: 0, overdue: 0 }));
      cell.n++;
      if (!(c.closedAt !== null && c.closedAt < week.end)) {
        if (c.dueAt !== null && c.dueAt < at) cell.overdue++;
        else cell.open++;
      }
    }
    const kinds = { red: 0, blue: 0, green: 0 };
    for (const cell of cells.values()) {
      // The centre of the cell, in pixels: covered by its own dot only.
      const [r, g, b, a] = png.pixel(cell.col * 9 + 4, cell.row * 9 + 4);
      expect(a, `dot at ${cell.col}:${cell.row}`).toBeGreaterThan(80);
      const kind = cell.overdue > 0 ? 'red' : cell.open * 2 > cell.n ? 'blue' : 'green';
      kinds[kind]++;
      expect([r, g, b], `${kind} dot at ${cell.col}:${cell.row}`).toEqual(kind === 'red' ? [0xd6, 0x45, 0x45] : kind === 'blue' ? [0x2f, 0x6f, 0xdb] : [0x2e, 0x9e, 0x5b]);
    }
    expect(Object.values(kinds).every((n) => n > 0), JSON.stringify(kinds)).toBe(true);
    // Nothing where no case was: the centres of the empty cells are transparent.
    let empty = 0;
    for (let row = 0; row < Math.floor(viewH! / 3); row++) {
      for (let col = 0; col < Math.floor(viewW! / 3); col++) {
        if (cells.has(`${col}:${row}`)) continue;
        expect(png.pixel(col * 9 + 4, row * 9 + 4)[3], `no dot at ${col}:${row}`).toBe(0);
        empty++;
      }
    }
    expect(empty).toBeGreaterThan(0);
    db.close();
  });
});
