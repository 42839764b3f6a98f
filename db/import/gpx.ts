/**
 * GPX 1.0/1.1 from handhelds and phone apps: waypoints (marked problems) and tracks (the patrol
 * walked). A small, forgiving reader: elements by name, attributes lat/lon, entities and CDATA.
 */

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

function child(xml: string, tag: string): string {
  const m = new RegExp(`<(?:\\w+:)?${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:\\w+:)?${tag}>`, 'i').exec(xml);
  return m ? decodeXmlText(m[1]!) : '';
}

function attr(openTag: string, name: string): number {
  const m = new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(openTag);
  return m ? Number(m[1]) : NaN;
}

export function isGpx(text: string): boolean {
  return /<gpx[\s>]/i.test(text.slice(0, 4096));
}

export function parseGpx(xml: string): GpxFile {
  const head = xml.split(/<(?:wpt|trk|rte)\b/i)[0] ?? '';
  const authorXml = child(head, 'author');
  const author = /<(?:\w+:)?name[\s>]/i.test(authorXml) ? child(authorXml, 'name') : authorXml;
  const waypoints: GpxWaypoint[] = [];
  for (const m of xml.matchAll(/<wpt\b([^>]*)>([\s\S]*?)<\/wpt>/gi)) {
    const body = m[2]!;
    waypoints.push({
      lon: attr(m[1]!, 'lon'),
      lat: attr(m[1]!, 'lat'),
      time: child(body, 'time'),
      name: child(body, 'name'),
      desc: child(body, 'desc') || child(body, 'cmt'),
      type: child(body, 'type'),
    });
  }
  const tracks: GpxTrack[] = [];
  let number = 0;
  for (const t of xml.matchAll(/<trk\b[^>]*>([\s\S]*?)<\/trk>/gi)) {
    number++;
    const body = t[1]!;
    const segments: GpxPoint[][] = [];
    for (const s of body.matchAll(/<trkseg\b[^>]*>([\s\S]*?)<\/trkseg>/gi)) {
      const points: GpxPoint[] = [];
      for (const p of s[1]!.matchAll(/<trkpt\b([^>]*?)(?:\/>|>([\s\S]*?)<\/trkpt>)/gi)) {
        const time = p[2] ? child(p[2], 'time') : '';
        const ms = time ? Date.parse(time) : NaN;
        points.push({ lon: attr(p[1]!, 'lon'), lat: attr(p[1]!, 'lat'), time: Number.isFinite(ms) ? ms : null });
      }
      segments.push(points);
    }
    const name = child(body.replace(/<trkseg\b[\s\S]*$/i, ''), 'name');
    tracks.push({ number, name, segments });
  }
  return { author, waypoints, tracks };
}
