/**
 * A streaming CSV reader: reads the file in 1 MiB chunks, splits it into lines on the newline byte
 * (never part of a multi-byte character in UTF-8 or GB18030), decodes each line, and assembles
 * records with quoted fields (commas, quotes and line breaks inside). Memory stays flat whatever
 * the file size: a line longer than the line limit, more columns than the column limit or more rows
 * than the row limit (db/import/limits.ts) refuse the file as soon as they are met. A line whose
 * bytes are in the other encoding than the file's (a GBK line in a UTF-8 file, or the reverse) is
 * decoded in its own encoding and flagged, so the row can say so.
 */
import fs from 'node:fs';
import type { Delimiter, TextEncoding } from './types';
import { decodeBytes, isUtf8, streamDecoder } from './encoding';
import { IMPORT_LIMITS, refuse, type ImportLimits } from './limits';

export interface CsvRecord {
  /** The spreadsheet row number (the header is row 1, as Excel shows it). */
  row: number;
  cells: string[];
  /** The record had a line in another encoding than the file's. */
  mixedEncoding: boolean;
  /** A quoted field was never closed: the record swallowed the lines up to the limit. */
  unclosedQuote: boolean;
}

export interface CsvReaderOptions {
  limits?: ImportLimits | undefined;
  /** Read only this many bytes from the start (a preview); a line cut off there is dropped. */
  headBytes?: number | undefined;
}

const CHUNK = 1 << 20;

export class CsvReader {
  bytesRead = 0;
  private readonly fd: number;
  private row = 0;
  // Parser state across lines.
  private cells: string[] = [];
  private field = '';
  private inQuotes = false;
  private quotedLines = 0;
  private mixed = false;
  private recordStart = 0;
  private readonly limits: ImportLimits;
  private readonly endByte: number;
  /** The head limit cut the file: the rows read are its first ones only. */
  truncated = false;

  constructor(
    private readonly file: string,
    private readonly encoding: TextEncoding,
    private readonly delimiter: Delimiter,
    private readonly startByte: number,
    options: CsvReaderOptions = {},
  ) {
    this.limits = options.limits ?? IMPORT_LIMITS;
    this.endByte = options.headBytes === undefined ? Infinity : startByte + options.headBytes;
    this.fd = fs.openSync(file, 'r');
  }

  /** Bytes to read next, or 0 at the head limit. */
  private want(position: number): number {
    const left = this.endByte - position;
    return left <= 0 ? 0 : Math.min(CHUNK, left);
  }

  private isClosed = false;

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    fs.closeSync(this.fd);
  }

  /** Every record, the header first. Blank lines are counted as rows but not returned. */
  *records(): Generator<CsvRecord> {
    try {
      if (this.encoding.startsWith('utf-16')) yield* this.recordsFromStream();
      else yield* this.recordsFromLines();
      if (!this.truncated && (this.inQuotes || this.cells.length > 0)) {
        this.inQuotes = false;
        const rec = this.finish(true);
        if (rec) yield rec;
      }
    } finally {
      this.close();
    }
  }

  private *recordsFromLines(): Generator<CsvRecord> {
    const buffer = Buffer.allocUnsafe(CHUNK);
    let position = this.startByte;
    this.bytesRead = this.startByte;
    let carry: Buffer | null = null;
    for (;;) {
      const want = this.want(position);
      const n = want === 0 ? 0 : fs.readSync(this.fd, buffer, 0, want, position);
      if (n === 0) {
        if (want === 0 && fs.fstatSync(this.fd).size > position) {
          this.truncated = true;
          carry = null; // cut off by the head limit: not a whole line
        }
        break;
      }
      position += n;
      this.bytesRead = position;
      let data: Buffer = buffer.subarray(0, n);
      if (carry) {
        data = Buffer.concat([carry, data]);
        carry = null;
      }
      let start = 0;
      for (;;) {
        const nl = data.indexOf(0x0a, start);
        if (nl < 0) break;
        if (nl - start > this.limits.lineBytes) throw refuse.lineBytes(this.row + 1, nl - start, this.limits);
        const rec = this.line(data.subarray(start, nl));
        if (rec) yield rec;
        start = nl + 1;
      }
      if (start < data.length) {
        if (data.length - start > this.limits.lineBytes) throw refuse.lineBytes(this.row + 1, data.length - start, this.limits);
        carry = Buffer.from(data.subarray(start));
      }
    }
    if (carry && carry.length > 0) {
      const rec = this.line(carry);
      if (rec) yield rec;
    }
  }

  private *recordsFromStream(): Generator<CsvRecord> {
    const decoder = streamDecoder(this.encoding);
    const buffer = Buffer.allocUnsafe(CHUNK);
    let position = this.startByte;
    let pending = '';
    for (;;) {
      const want = this.want(position);
      const n = want === 0 ? 0 : fs.readSync(this.fd, buffer, 0, want, position);
      if (n === 0 && want === 0 && fs.fstatSync(this.fd).size > position) {
        this.truncated = true;
        return; // cut off by the head limit: the pending text is not a whole line
      }
      const text = n === 0 ? decoder.end() : decoder.write(buffer.subarray(0, n));
      position += n;
      this.bytesRead = position;
      pending += text;
      let start = 0;
      for (;;) {
        const nl = pending.indexOf('\n', start);
        if (nl < 0) break;
        const rec = this.text(pending.slice(start, nl), false);
        if (rec) yield rec;
        start = nl + 1;
      }
      pending = pending.slice(start);
      if (pending.length * 2 > this.limits.lineBytes) throw refuse.lineBytes(this.row + 1, pending.length * 2, this.limits);
      if (n === 0) break;
    }
    if (pending !== '') {
      const rec = this.text(pending, false);
      if (rec) yield rec;
    }
  }

  private line(bytes: Uint8Array): CsvRecord | null {
    let text = decodeBytes(bytes, this.encoding);
    let mixed = false;
    if (this.encoding === 'utf-8') {
      if (text.includes('\uFFFD') && !isUtf8(bytes)) {
        text = decodeBytes(bytes, 'gb18030');
        mixed = true;
      }
    } else if (this.encoding === 'gb18030' && hasHighByte(bytes) && isUtf8(bytes)) {
      text = decodeBytes(bytes, 'utf-8');
      mixed = true;
    }
    return this.text(text, mixed);
  }

  private text(raw: string, mixed: boolean): CsvRecord | null {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!this.inQuotes && this.cells.length === 0 && this.field === '') {
      this.row++;
      if (this.row > this.limits.rows + 1) throw refuse.rows('CSV 文件', this.limits);
      this.recordStart = this.row;
      this.mixed = false;
      if (text.trim() === '') return null;
      if (!text.includes('"')) {
        this.mixed = mixed;
        this.cells = text.split(this.delimiter);
        return this.finish(false);
      }
    }
    this.mixed ||= mixed;
    const d = this.delimiter;
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (this.inQuotes) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          this.field += text.slice(i);
          i = n;
          break;
        }
        this.field += text.slice(i, q);
        if (text.charCodeAt(q + 1) === 34) {
          this.field += '"';
          i = q + 2;
        } else {
          this.inQuotes = false;
          i = q + 1;
        }
      } else {
        const c = text[i];
        if (c === d) {
          this.cells.push(this.field);
          this.field = '';
          i++;
        } else if (c === '"' && this.field.trim() === '') {
          this.field = '';
          this.inQuotes = true;
          this.quotedLines = 0;
          i++;
        } else {
          let j = i + 1;
          while (j < n && text[j] !== d) j++;
          this.field += text.slice(i, j);
          i = j;
        }
      }
    }
    if (this.inQuotes) {
      this.field += '\n';
      this.quotedLines++;
      if (this.quotedLines > this.limits.quotedLines || this.field.length > this.limits.quotedChars) {
        this.inQuotes = false;
        return this.finish(true);
      }
      return null;
    }
    this.cells.push(this.field);
    this.field = '';
    return this.finish(false);
  }

  private finish(unclosedQuote: boolean): CsvRecord | null {
    if (this.field !== '' || unclosedQuote) {
      this.cells.push(this.field);
    }
    if (this.cells.length > this.limits.columns) throw refuse.columns('CSV 文件', this.recordStart, this.cells.length, this.limits);
    const rec: CsvRecord = { row: this.recordStart, cells: this.cells, mixedEncoding: this.mixed, unclosedQuote };
    this.cells = [];
    this.field = '';
    this.mixed = false;
    return rec;
  }
}

function hasHighByte(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

/** The delimiter that splits the first lines into the same number (> 1) of fields most often. */
export function detectDelimiter(sampleText: string): Delimiter {
  const lines = sampleText.split('\n').filter((l) => l.trim() !== '').slice(0, 20);
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of [',', ';', '\t'] as const) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const same = counts.filter((c) => c === first).length;
    const score = same * 1000 + first;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, d: string): number {
  let inQuotes = false;
  let n = 0;
  for (const c of line) {
    if (c === '"') inQuotes = !inQuotes;
    else if (c === d && !inQuotes) n++;
  }
  return n;
}
