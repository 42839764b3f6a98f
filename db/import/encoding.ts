/**
 * Text encodings of field logs: Excel on Chinese Windows saves CSV as GBK (read as GB18030, its
 * superset); phones and newer Excel save UTF-8, with or without a byte-order mark; Excel's
 * "Unicode text" is UTF-16LE. Detection: the byte-order mark, else valid UTF-8, else GB18030.
 */
import iconv from 'iconv-lite';
import { AppError } from '../errors';
import type { TextEncoding } from './types';

export interface Detected {
  encoding: TextEncoding;
  /** Bytes to skip at the start (the byte-order mark). */
  bomLength: number;
}

export function detectEncoding(sample: Uint8Array): Detected {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (isUtf8(sample, true)) return { encoding: 'utf-8', bomLength: 0 };
  // Not all UTF-8: the encoding most lines are in (a few GBK lines in a UTF-8 file, or the reverse).
  let utf8Lines = 0;
  let otherLines = 0;
  let start = 0;
  while (start < sample.length) {
    let end = sample.indexOf(0x0a, start);
    if (end < 0) end = sample.length;
    const line = sample.subarray(start, end);
    if (line.some((b) => b >= 0x80)) {
      if (isUtf8(line, end === sample.length)) utf8Lines++;
      else otherLines++;
    }
    start = end + 1;
  }
  return { encoding: utf8Lines > otherLines ? 'utf-8' : 'gb18030', bomLength: 0 };
}

/** Refuses what is clearly not text: NUL bytes or many control characters in the first bytes. */
export function assertLooksLikeText(sample: Uint8Array, fileName: string, encoding: TextEncoding): void {
  if (encoding.startsWith('utf-16')) return;
  let control = 0;
  for (const b of sample) {
    if (b === 0) {
      throw new AppError('invalid-input', `「${fileName}」不是文本表格文件（含有二进制内容）：请选择 CSV、Excel（.xlsx）、GeoJSON 或 GPX 文件`);
    }
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  if (sample.length > 0 && control / sample.length > 0.02) {
    throw new AppError('invalid-input', `「${fileName}」不是文本表格文件（含有大量控制字符）：请选择 CSV、Excel（.xlsx）、GeoJSON 或 GPX 文件`);
  }
}

/**
 * True when the bytes are valid UTF-8. `partialEnd`: a sequence cut off at the end of a sample is
 * not counted against it.
 */
export function isUtf8(bytes: Uint8Array, partialEnd = false): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return false;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return partialEnd;
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return false;
    }
    i += need + 1;
  }
  return true;
}

/** True when the bytes hold at least one multi-byte UTF-8 sequence and are valid UTF-8. */
export function isMultibyteUtf8(bytes: Uint8Array): boolean {
  let hasHigh = false;
  for (const b of bytes) {
    if (b >= 0x80) {
      hasHigh = true;
      break;
    }
  }
  return hasHigh && isUtf8(bytes);
}

const utf8 = new TextDecoder('utf-8');

/** Decodes one piece (a whole line) in the given encoding. */
export function decodeBytes(bytes: Uint8Array, encoding: TextEncoding): string {
  if (encoding === 'utf-8') return utf8.decode(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
}

/** A streaming decoder for encodings whose lines cannot be split on the newline byte (UTF-16). */
export function streamDecoder(encoding: TextEncoding): { write(bytes: Uint8Array): string; end(): string } {
  const d = iconv.getDecoder(encoding);
  return {
    write: (bytes) => d.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
    end: () => d.end() ?? '',
  };
}

export const ENCODING_LABELS: Readonly<Record<TextEncoding, string>> = {
  'utf-8': 'UTF-8',
  gb18030: 'GBK/GB18030',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
};
