/**
 * The binary form of map:points: the located cases of a filter as typed arrays, sent in frames that
 * the page decodes while the rest is still on its way. The same bytes cross every transport: the body
 * of one streamed HTTP response in browser mode, Uint8Array chunks pulled over IPC in Electron.
 *
 *   header  u32 magic 'GDPT' · u32 version · f64 the clock the overdue flags were computed at   (16 bytes)
 *   chunk   u32 n (> 0) · u32 0 · ids u32[n] · lon/lat f32[2n] · status u8[n] · overdue u8[n] · 0–3 bytes to a multiple of 4
 *   end     u32 0 · u32 the number of points sent
 *
 * Little-endian throughout (the typed arrays are written as the machine holds them: every platform
 * GridDesk runs on is little-endian, and encoding refuses any other). Frames may be cut anywhere on the
 * way; the decoder joins them again.
 *
 * Pure module: no Node, no Electron, no DOM.
 */

/** The answer of a streamed call, on the host and in the page alike: binary chunks read one at a time. */
export interface ByteChunks {
  /** The next chunk, or null once the answer is complete. Rejects when the transport or the host failed. */
  read(): Promise<Uint8Array | null>;
  /** Stops reading early: the host stops producing and forgets the stream. */
  cancel(): Promise<void>;
}

/** The calls whose answer is binary and streamed (ByteChunks) rather than one JSON value. */
export const STREAMED_CALLS: ReadonlySet<string> = new Set(['map:points']);

/** The IPC channel an Electron page pulls a streamed answer's chunks through. */
export const STREAM_CHANNEL = 'griddesk:stream';

/** What a streamed call answers over IPC before its chunks are pulled: the stream's handle. */
export interface StreamHandle {
  readonly stream: string;
}

/** Points of one chunk, or all points of an answer. */
export interface PointsChunk {
  readonly count: number;
  readonly ids: Uint32Array;
  /** Interleaved WGS-84 lon, lat. */
  readonly coords: Float32Array;
  /** Index into INCIDENT_STATUSES. */
  readonly status: Uint8Array;
  /** 1 = open past its deadline. */
  readonly overdue: Uint8Array;
}

export const POINTS_MAGIC = 0x54504447; // 'GDPT' read as a little-endian u32
export const POINTS_VERSION = 1;
const HEADER_BYTES = 16;
const END_BYTES = 8;

const isLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export function encodeHeader(at: number): Uint8Array {
  if (!isLittleEndian) throw new Error('案件点的二进制格式只支持小端字节序的计算机');
  const out = new Uint8Array(HEADER_BYTES);
  const view = new DataView(out.buffer);
  view.setUint32(0, POINTS_MAGIC, true);
  view.setUint32(4, POINTS_VERSION, true);
  view.setFloat64(8, at, true);
  return out;
}

/** Bytes of a chunk frame of n points. */
export function chunkBytes(n: number): number {
  return 8 + 14 * n + ((4 - ((2 * n) % 4)) % 4);
}

export function encodeChunk(c: PointsChunk): Uint8Array {
  const n = c.count;
  if (n <= 0) throw new Error('空的案件点分块');
  const out = new Uint8Array(chunkBytes(n));
  new DataView(out.buffer).setUint32(0, n, true);
  let at = 8;
  out.set(bytesOf(c.ids.subarray(0, n)), at);
  at += 4 * n;
  out.set(bytesOf(c.coords.subarray(0, 2 * n)), at);
  at += 8 * n;
  out.set(c.status.subarray(0, n), at);
  at += n;
  out.set(c.overdue.subarray(0, n), at);
  return out;
}

export function encodeEnd(total: number): Uint8Array {
  const out = new Uint8Array(END_BYTES);
  new DataView(out.buffer).setUint32(4, total, true);
  return out;
}

export class PointsWireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PointsWireError';
  }
}

/**
 * Decodes the frames of one answer as its bytes arrive, cut anywhere. `push` returns the chunks that
 * became complete; `finish` checks the answer ended with its end frame and the count it announced.
 */
export class PointsDecoder {
  /** The clock of the answer (from its header), once the header arrived. */
  at: number | null = null;
  /** Points decoded so far. */
  received = 0;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private ended = false;

  push(bytes: Uint8Array): PointsChunk[] {
    if (this.ended && bytes.byteLength > 0) throw new PointsWireError('案件点数据在结束标记之后仍有内容');
    if (bytes.byteLength > 0) {
      this.pending.push(bytes);
      this.pendingBytes += bytes.byteLength;
    }
    const out: PointsChunk[] = [];
    for (;;) {
      if (this.at === null) {
        if (this.pendingBytes < HEADER_BYTES) break;
        const head = this.take(HEADER_BYTES);
        const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
        if (view.getUint32(0, true) !== POINTS_MAGIC) throw new PointsWireError('不是 GridDesk 的案件点数据');
        const version = view.getUint32(4, true);
        if (version !== POINTS_VERSION) throw new PointsWireError(`案件点数据的版本 ${version} 不受支持：请更新 GridDesk`);
        this.at = view.getFloat64(8, true);
        continue;
      }
      if (this.ended || this.pendingBytes < 8) break;
      const n = new DataView(this.peek(4).buffer).getUint32(0, true);
      if (n === 0) {
        const end = this.take(END_BYTES);
        const total = new DataView(end.buffer, end.byteOffset, end.byteLength).getUint32(4, true);
        if (total !== this.received) throw new PointsWireError(`案件点数据不完整：应有 ${total} 个，收到 ${this.received} 个`);
        this.ended = true;
        if (this.pendingBytes > 0) throw new PointsWireError('案件点数据在结束标记之后仍有内容');
        break;
      }
      const size = chunkBytes(n);
      if (this.pendingBytes < size) break;
      out.push(decodeChunk(this.take(size), n));
      this.received += n;
    }
    return out;
  }

  /** Throws unless the whole answer arrived. */
  finish(): { at: number; count: number } {
    if (!this.ended || this.at === null) throw new PointsWireError(`案件点数据不完整：传输在 ${this.received} 个点后中断`);
    return { at: this.at, count: this.received };
  }

  /** The first `size` pending bytes, copied into one fresh (aligned) buffer, and removed. */
  private take(size: number): Uint8Array {
    const out = new Uint8Array(size);
    let filled = 0;
    while (filled < size) {
      const head = this.pending[0]!;
      const need = size - filled;
      if (head.byteLength <= need) {
        out.set(head, filled);
        filled += head.byteLength;
        this.pending.shift();
      } else {
        out.set(head.subarray(0, need), filled);
        filled += need;
        this.pending[0] = head.subarray(need);
      }
    }
    this.pendingBytes -= size;
    return out;
  }

  /** The first `size` pending bytes, copied, left pending. */
  private peek(size: number): Uint8Array {
    const out = new Uint8Array(size);
    let filled = 0;
    for (const part of this.pending) {
      const n = Math.min(part.byteLength, size - filled);
      out.set(part.subarray(0, n), filled);
      filled += n;
      if (filled === size) break;
    }
    return out;
  }
}

/** One chunk frame (its own fresh buffer, so the views are aligned) as typed arrays sharing that buffer. */
function decodeChunk(frame: Uint8Array, n: number): PointsChunk {
  const buffer = frame.buffer;
  return {
    count: n,
    ids: new Uint32Array(buffer, frame.byteOffset + 8, n),
    coords: new Float32Array(buffer, frame.byteOffset + 8 + 4 * n, 2 * n),
    status: new Uint8Array(buffer, frame.byteOffset + 8 + 12 * n, n),
    overdue: new Uint8Array(buffer, frame.byteOffset + 8 + 13 * n, n),
  };
}

/** Joins chunks into one set of arrays. */
export function joinChunks(chunks: readonly PointsChunk[]): PointsChunk {
  const count = chunks.reduce((s, c) => s + c.count, 0);
  const out = { count, ids: new Uint32Array(count), coords: new Float32Array(2 * count), status: new Uint8Array(count), overdue: new Uint8Array(count) };
  let at = 0;
  for (const c of chunks) {
    out.ids.set(c.ids, at);
    out.coords.set(c.coords, 2 * at);
    out.status.set(c.status, at);
    out.overdue.set(c.overdue, at);
    at += c.count;
  }
  return out;
}

/** Reads a whole streamed answer of map:points into one set of arrays (tests, the command line, benchmarks). */
export async function readAllPoints(chunks: ByteChunks): Promise<PointsChunk & { at: number }> {
  const decoder = new PointsDecoder();
  const parts: PointsChunk[] = [];
  for (let bytes = await chunks.read(); bytes !== null; bytes = await chunks.read()) parts.push(...decoder.push(bytes));
  const { at } = decoder.finish();
  return { ...joinChunks(parts), at };
}

/** ByteChunks over a list of byte arrays already at hand (an answer produced whole, tests). */
export function chunksOf(parts: readonly Uint8Array[]): ByteChunks {
  let k = 0;
  let isCancelled = false;
  return {
    read: async () => (isCancelled || k >= parts.length ? null : parts[k++]!),
    cancel: async () => {
      isCancelled = true;
    },
  };
}

/** The whole answer for points already at hand, as ByteChunks (tests, stand-ins). */
export function pointsAnswer(points: PointsChunk, at = 0, perChunk = 65_536): ByteChunks {
  const parts: Uint8Array[] = [encodeHeader(at)];
  for (let from = 0; from < points.count; from += perChunk) {
    const to = Math.min(points.count, from + perChunk);
    parts.push(
      encodeChunk({
        count: to - from,
        ids: points.ids.subarray(from, to),
        coords: points.coords.subarray(2 * from, 2 * to),
        status: points.status.subarray(from, to),
        overdue: points.overdue.subarray(from, to),
      }),
    );
  }
  parts.push(encodeEnd(points.count));
  return chunksOf(parts);
}
