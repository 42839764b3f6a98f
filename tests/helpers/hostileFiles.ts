/**
 * Hostile import files, made in the test: zip containers written by hand (so sizes can lie and
 * entries can be bombs), a minimal XLSX with a shared-strings table, a polygon Shapefile, and the
 * text formats' pathological shapes.
 */
import zlib from 'node:zlib';
import iconv from 'iconv-lite';

export interface ZipEntrySpec {
  name: string;
  /** The entry's content (deflated unless `store`). */
  data?: Buffer;
  /** Already deflated (raw DEFLATE) content, used as is. */
  deflated?: Buffer;
  store?: boolean;
  /** The inflated size the zip declares; a lie when it differs from the real one. */
  declaredSize?: number;
}

/** A zip file with the entries given, central directory and all (no zip64: sizes below 4 GiB). */
export function buildZip(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const plain = e.data ?? Buffer.alloc(0);
    const packed = e.deflated ?? (e.store ? plain : zlib.deflateRawSync(plain));
    const method = e.store ? 0 : 8;
    const size = e.declaredSize ?? plain.length;
    const crc = zlib.crc32(plain);
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
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

/**
 * Raw DEFLATE of `bytes` zeros: one 16 MiB piece compressed once and repeated (sync-flushed blocks
 * concatenate into one stream), closed by an empty final block. 4 GB of zeros pack to about 4 MB.
 */
export function zeroBomb(bytes: number): Buffer {
  const PIECE = 16 * 1024 * 1024;
  const flush = { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const parts: Buffer[] = [];
  const full = Math.floor(bytes / PIECE);
  if (full > 0) {
    const one = zlib.deflateRawSync(Buffer.alloc(PIECE), flush);
    for (let i = 0; i < full; i++) parts.push(one);
  }
  if (bytes % PIECE) parts.push(zlib.deflateRawSync(Buffer.alloc(bytes % PIECE), flush));
  return Buffer.concat([...parts, Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff])]);
}

/**
 * Raw DEFLATE of `prefix` then `piece` repeated `times` (the piece compressed once): valid XML that
 * inflates to far more than its zip entry needs to declare.
 */
export function deflatedRepeat(prefix: string, piece: string, times: number): Buffer {
  const flush = { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const one = zlib.deflateRawSync(Buffer.from(piece), flush);
  return Buffer.concat([zlib.deflateRawSync(Buffer.from(prefix), flush), ...Array.from({ length: times }, () => one), Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff])]);
}

/** Largest size a zip without zip64 can declare (0xFFFFFFFF itself means "see zip64"): 4 GB. */
export const FOUR_GB = 0xfffffffe;

const xml = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const colName = (i: number) => {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
};

/**
 * A minimal XLSX (one sheet, text cells through a shared-strings table), as Excel writes it. `parts`
 * overrides or adds entries (e.g. a shared-strings table declared 4 GB).
 */
export function minimalXlsx(rows: string[][], options: { sheetName?: string; parts?: ZipEntrySpec[] } = {}): Buffer {
  return buildZip(minimalXlsxEntries(rows, options));
}

/** The entries of minimalXlsx(), to build a zip from (e.g. with one part changed). */
export function minimalXlsxEntries(rows: string[][], options: { sheetName?: string; parts?: ZipEntrySpec[] } = {}): ZipEntrySpec[] {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const sheetRows = rows
    .map((cells, r) => {
      const cs = cells
        .map((v, c) => {
          if (!index.has(v)) {
            index.set(v, strings.length);
            strings.push(v);
          }
          return `<c r="${colName(c)}${r + 1}" t="s"><v>${index.get(v)}</v></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${cs}</row>`;
    })
    .join('');
  const base: ZipEntrySpec[] = [
    {
      name: '[Content_Types].xml',
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: xml(
        `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${esc(options.sheetName ?? '巡查日志')}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
      ),
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: xml(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`),
    },
    {
      name: 'xl/sharedStrings.xml',
      data: xml(
        `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t>${esc(s)}</t></si>`).join('')}</sst>`,
      ),
    },
  ];
  const overrides = new Map((options.parts ?? []).map((p) => [p.name, p]));
  const entries = base.map((e) => overrides.get(e.name) ?? e);
  for (const p of options.parts ?? []) if (!base.some((b) => b.name === p.name)) entries.push(p);
  return entries;
}

export interface ShapeItem {
  code: string;
  name: string;
  /** One outer ring, [lon, lat] pairs, closed. */
  ring: [number, number][];
}

/** A minimal polygon Shapefile's .shp and .dbf (attributes CODE and NAME, NAME in GBK). */
export function shapefileParts(items: ShapeItem[]): { shp: Buffer; dbf: Buffer } {
  const records: Buffer[] = [];
  let all = [Infinity, Infinity, -Infinity, -Infinity];
  items.forEach((item, i) => {
    const pts = [...item.ring].reverse(); // clockwise outer ring
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const bbox = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    all = [Math.min(all[0]!, bbox[0]!), Math.min(all[1]!, bbox[1]!), Math.max(all[2]!, bbox[2]!), Math.max(all[3]!, bbox[3]!)];
    const content = Buffer.alloc(44 + 4 + 16 * pts.length);
    content.writeInt32LE(5, 0);
    bbox.forEach((v, k) => content.writeDoubleLE(v, 4 + 8 * k));
    content.writeInt32LE(1, 36);
    content.writeInt32LE(pts.length, 40);
    content.writeInt32LE(0, 44);
    pts.forEach((p, k) => {
      content.writeDoubleLE(p[0], 48 + 16 * k);
      content.writeDoubleLE(p[1], 56 + 16 * k);
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

  const fields = [
    { name: 'CODE', len: 15 },
    { name: 'NAME', len: 40 },
  ];
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
  return { shp, dbf };
}

/** A square ring of side `d` degrees at (lon, lat). */
export function square(lon: number, lat: number, d: number): [number, number][] {
  return [
    [lon, lat],
    [lon + d, lat],
    [lon + d, lat + d],
    [lon, lat + d],
    [lon, lat],
  ];
}

/** GeoJSON text nested `depth` arrays deep inside a feature's coordinates. */
export function deepGeoJson(depth: number): string {
  return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":${'['.repeat(depth)}${']'.repeat(depth)}}}]}`;
}

/** A GPX whose `n` waypoints are all left open (no </wpt>). */
export function unclosedWaypointsGpx(n: number): string {
  const wpt = '<wpt lat="28.19" lon="113.005"><name>垃圾</name><time>2026-11-20T01:30:00Z</time>\n';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="t">\n${wpt.repeat(n)}</gpx>\n`;
}

/** A well-formed GPX with `n` waypoints and one track of `n` points. */
export function wellFormedGpx(n: number): string {
  const wpts: string[] = [];
  const pts: string[] = [];
  for (let i = 0; i < n; i++) {
    const lon = (113 + (i % 1000) / 100_000).toFixed(6);
    wpts.push(`<wpt lat="28.19" lon="${lon}"><time>2026-11-20T01:30:00Z</time><name>第${i}处</name><desc>描述 &amp; 说明</desc></wpt>`);
    pts.push(`<trkpt lat="28.185" lon="${lon}"><time>2026-11-20T01:${String(i % 60).padStart(2, '0')}:00Z</time></trkpt>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="t"><metadata><author><name>王建国</name></author></metadata>\n${wpts.join('\n')}\n<trk><name>上午巡查</name><trkseg>${pts.join('')}</trkseg></trk></gpx>\n`;
}
