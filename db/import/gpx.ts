/**
 * GPX 1.0/1.1 from handhelds and phone apps: waypoints (marked problems) and tracks (the patrol
 * walked). Read in one linear pass by a forgiving streaming XML parser (sax in loose mode: element
 * names in any case and with any namespace prefix, entities and CDATA, an unescaped `&`, a missing
 * close tag), with the nesting depth, the number of points and the length of every text capped
 * (db/import/limits.ts): a file of unclosed `<wpt>` tags is refused at once instead of parsed in
 * quadratic time.
 */
import sax from 'sax';
import { IMPORT_LIMITS, refuse, type ImportLimits } from './limits';

export interface GpxWaypoint {
  lon: number;
  lat: number;
  time: string;
  name: string;
  desc: string;
  type: string;
}

export interface GpxPoint {
  lon: number;
  lat: number;
  /** Epoch ms, or null when the point has no time. */
  time: number | null;
}

export interface GpxTrack {
  /** 1-based position of the track in the file. */
  number: number;
  name: string;
  segments: GpxPoint[][];
}

export interface GpxFile {
  author: string;
  waypoints: GpxWaypoint[];
  tracks: GpxTrack[];
}

export function decodeXmlText(text: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(text);
  if (cdata) return cdata[1]!;
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

export function isGpx(text: string): boolean {
  return /<gpx[\s>]/i.test(text.slice(0, 4096));
}

/** Text fields read from inside a waypoint, a track point, a track's head or the author. */
const TEXT_FIELDS = new Set(['time', 'name', 'desc', 'cmt', 'type']);
type TextField = 'time' | 'name' | 'desc' | 'cmt' | 'type';
/** Fields of one element: the first occurrence of each, at any depth inside it. */
type Fields = Partial<Record<TextField, string>>;

/** The text of one element being read: its text and CDATA, kept up to the cell limit. */
interface Capture {
  field: TextField;
  target: Fields;
  text: string;
  cdata: string;
  onlyCdata: boolean;
  depth: number;
}

const CHUNK = 64 * 1024;
/** sax's cap on one tag name, attribute, comment or doctype (its MAX_BUFFER_LENGTH, untyped). */
const SAX_BUFFER = (sax as unknown as { MAX_BUFFER_LENGTH: number }).MAX_BUFFER_LENGTH;

function coordinate(attributes: Record<string, string>, name: string): number {
  const v = attributes[name];
  return v === undefined ? NaN : Number(v);
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

export function parseGpx(xml: string, limits: ImportLimits = IMPORT_LIMITS, fileName = 'GPX 文件'): GpxFile {
  // Position tracking stays on: sax checks its buffers (64 KB for a tag, attribute or comment) by it.
  const parser = sax.parser(false, { lowercase: true, noscript: true, trim: false, normalize: false });
  const waypoints: GpxWaypoint[] = [];
  const tracks: GpxTrack[] = [];
  let points = 0;
  let depth = 0;
  let seenBody = false; // a <wpt>, <trk> or <rte> has opened: the author is read only before
  let authorDepth = -1;
  /** The author element's own text (GPX 1.0: <author>name</author>), read like a field. */
  const authorText: Capture = { field: 'name', target: {}, text: '', cdata: '', onlyCdata: true, depth: -1 };
  const authorFields: Fields = {};

  let wpt: { lon: number; lat: number; fields: Fields; depth: number } | null = null;
  let trk: { name: Fields; segments: GpxPoint[][]; depth: number; sawSegment: boolean } | null = null;
  let seg: { points: GpxPoint[]; depth: number } | null = null;
  let pt: { lon: number; lat: number; fields: Fields; depth: number } | null = null;
  let capture: Capture | null = null;

  const count = (what: string) => {
    if (++points > limits.points) throw refuse.points(fileName, what, points, limits);
  };
  const add = (c: Capture, s: string, cdata: boolean) => {
    if (!cdata && s.trim() !== '') c.onlyCdata = false;
    const room = limits.cellChars + 1 - c.text.length;
    if (room > 0) c.text += s.length > room ? s.slice(0, room) : s;
    if (cdata && c.cdata.length <= limits.cellChars) c.cdata += s.slice(0, limits.cellChars + 1 - c.cdata.length);
  };
  const append = (s: string, cdata: boolean) => {
    if (capture) add(capture, s, cdata);
    else if (authorDepth >= 0 && depth === authorDepth) add(authorText, s, cdata);
  };
  /** As the old reader: a field that is only a CDATA section keeps it verbatim; other text is trimmed. */
  const value = (c: Capture) => (c.onlyCdata && c.cdata !== '' ? c.cdata : c.text.trim());
  const finishWaypoint = () => {
    if (!wpt) return;
    const f = wpt.fields;
    waypoints.push({ lon: wpt.lon, lat: wpt.lat, time: f.time ?? '', name: f.name ?? '', desc: f.desc || f.cmt || '', type: f.type ?? '' });
    wpt = null;
  };
  const finishPoint = () => {
    if (!pt || !seg) return;
    const time = pt.fields.time ?? '';
    const ms = time ? Date.parse(time) : NaN;
    seg.points.push({ lon: pt.lon, lat: pt.lat, time: Number.isFinite(ms) ? ms : null });
    pt = null;
  };
  const finishSegment = () => {
    finishPoint();
    if (seg && trk) trk.segments.push(seg.points);
    seg = null;
  };
  const finishTrack = () => {
    finishSegment();
    if (trk) tracks.push({ number: tracks.length + 1, name: trk.name.name ?? '', segments: trk.segments });
    trk = null;
  };

  parser.onopentag = (tag) => {
    depth++;
    if (depth > limits.xmlDepth) throw refuse.xmlDepth('GPX', limits);
    const name = localName(tag.name);
    const attributes = tag.attributes as Record<string, string>;
    if (capture) return; // markup inside a text field: its text still counts
    if (name === 'wpt' && !trk) {
      seenBody = true;
      finishWaypoint(); // one left open: it ends where the next begins
      count('航点与轨迹点');
      wpt = { lon: coordinate(attributes, 'lon'), lat: coordinate(attributes, 'lat'), fields: {}, depth };
    } else if (name === 'trk' && !wpt && !trk) {
      seenBody = true;
      trk = { name: {}, segments: [], depth, sawSegment: false };
    } else if (name === 'rte' && !wpt && !trk) {
      seenBody = true;
    } else if (name === 'trkseg' && trk && !seg) {
      trk.sawSegment = true;
      seg = { points: [], depth };
    } else if (name === 'trkpt' && seg && !pt) {
      count('航点与轨迹点');
      pt = { lon: coordinate(attributes, 'lon'), lat: coordinate(attributes, 'lat'), fields: {}, depth };
    } else if (name === 'author' && !seenBody && authorDepth < 0) {
      authorDepth = depth;
    } else if (TEXT_FIELDS.has(name)) {
      const field = name as TextField;
      const target = pt ? pt.fields : wpt ? wpt.fields : trk && !seg && !trk.sawSegment ? trk.name : authorDepth >= 0 ? authorFields : null;
      if (target && target[field] === undefined) capture = { field, target, text: '', cdata: '', onlyCdata: true, depth };
    }
  };

  parser.onclosetag = () => {
    if (capture && depth === capture.depth) {
      capture.target[capture.field] = value(capture);
      capture = null;
    } else if (pt && depth === pt.depth) finishPoint();
    else if (seg && depth === seg.depth) finishSegment();
    else if (trk && depth === trk.depth) finishTrack();
    else if (wpt && depth === wpt.depth) finishWaypoint();
    else if (authorDepth >= 0 && depth === authorDepth) authorDepth = -2; // read once
    depth--;
  };

  parser.ontext = (t) => append(t, false);
  parser.oncdata = (t) => append(t, true);
  parser.onerror = (e) => {
    if (/^Max buffer length exceeded/.test(e.message)) throw refuse.xmlToken('GPX', SAX_BUFFER);
    // Loose mode reports little else (a file cut short): the document read so far stands.
    (parser as unknown as { error: Error | null }).error = null;
  };

  for (let i = 0; i < xml.length; i += CHUNK) parser.write(xml.slice(i, i + CHUNK));
  parser.close();
  // A file cut short: what was read of the open elements is kept.
  if (capture) {
    const c: Capture = capture;
    c.target[c.field] = value(c);
  }
  finishTrack();
  finishWaypoint();

  const author = authorFields.name !== undefined ? authorFields.name : value(authorText);
  return { author, waypoints, tracks };
}
