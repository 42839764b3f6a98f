/**
 * A raw HTTP/1.1 client over node:net for the server's robustness tests: it sends the bytes it is given
 * as they are (malformed request lines, bad framing, duplicate or oversized headers — everything fetch
 * refuses to send) and reads what comes back, however the connection ends.
 */
import net from 'node:net';

export interface RawResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with ', '. */
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

export interface Exchange {
  /** Complete answers, in order (a pipelined request gets its own). */
  readonly responses: RawResponse[];
  /**
   * How it ended: the server closed ('closed') or reset ('reset') the connection, the answers were complete
   * and nothing more came ('settled'), or nothing conclusive happened in time ('timeout').
   */
  readonly ending: 'closed' | 'reset' | 'settled' | 'timeout';
  /** Bytes received, and bytes of the request the socket accepted before it ended. */
  readonly received: number;
  readonly written: number;
  readonly ms: number;
  /** What came back is not HTTP (the first bad line), or null. */
  readonly malformed: string | null;
}

export interface ExchangeOptions {
  /** Half-close (send FIN) when nothing has come back after this many ms: an incomplete request then ends. */
  readonly halfCloseAfterMs?: number;
  /** Give up after this many ms (the ending is then 'timeout'). */
  readonly timeoutMs?: number;
  /** The request was HEAD: its answer has headers only. */
  readonly head?: boolean;
  /** Once the answers are complete, wait this long for more before settling. */
  readonly settleMs?: number;
}

/** Sends `request` on a fresh connection and collects the answers. */
export function exchange(port: number, request: Buffer | string, options: ExchangeOptions = {}): Promise<Exchange> {
  const started = performance.now();
  const bytes = typeof request === 'string' ? Buffer.from(request, 'latin1') : request;
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let received = 0;
    let written = 0;
    let done = false;
    let settle: NodeJS.Timeout | undefined;
    const finish = (ending: Exchange['ending']) => {
      if (done) return;
      done = true;
      clearTimeout(settle);
      clearTimeout(giveUp);
      clearTimeout(halfClose);
      socket.destroy();
      const data = Buffer.concat(chunks);
      const parsed = parseResponses(data, { head: options.head ?? false, closed: ending === 'closed' || ending === 'reset' });
      resolve({ responses: parsed.responses, ending, received, written, ms: performance.now() - started, malformed: parsed.malformed });
    };
    const giveUp = setTimeout(() => finish('timeout'), options.timeoutMs ?? 5_000);
    const halfClose =
      options.halfCloseAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            if (received === 0 && !socket.destroyed) socket.end();
          }, options.halfCloseAfterMs);
    socket.on('connect', () => {
      socket.write(bytes, () => {
        written = bytes.length;
      });
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      clearTimeout(settle);
      const parsed = parseResponses(Buffer.concat(chunks), { head: options.head ?? false, closed: false });
      if (parsed.complete && parsed.responses.some((r) => r.status >= 200)) {
        settle = setTimeout(() => finish('settled'), options.settleMs ?? 25);
      }
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      written = Math.max(written, socket.bytesWritten);
      finish(e.code === 'ECONNRESET' || e.code === 'EPIPE' ? 'reset' : 'closed');
    });
    socket.on('close', () => {
      written = Math.max(written, socket.bytesWritten);
      finish('closed');
    });
  });
}

/**
 * The answers in a byte stream, as far as they are complete. `complete` is true when the data ends
 * exactly after the last answer. An answer without a length runs to the end of a closed connection.
 */
export function parseResponses(
  data: Buffer,
  options: { head: boolean; closed: boolean },
): { responses: RawResponse[]; complete: boolean; malformed: string | null } {
  const responses: RawResponse[] = [];
  const partial = { responses, complete: false, malformed: null };
  let at = 0;
  while (at < data.length) {
    const headerEnd = data.indexOf('\r\n\r\n', at, 'latin1');
    if (headerEnd < 0) return partial;
    const lines = data.subarray(at, headerEnd).toString('latin1').split('\r\n');
    const statusLine = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(lines[0] ?? '');
    if (!statusLine) return { responses, complete: false, malformed: lines[0]?.slice(0, 100) ?? '' };
    const status = Number(statusLine[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
    }
    let bodyStart = headerEnd + 4;
    let body: Buffer;
    if (status < 200 || status === 204 || status === 304 || (options.head && status >= 200)) {
      body = Buffer.alloc(0);
    } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = data.indexOf('\r\n', bodyStart, 'latin1');
        if (lineEnd < 0) return partial;
        const size = parseInt(data.subarray(bodyStart, lineEnd).toString('latin1'), 16);
        if (!Number.isFinite(size)) return { responses, complete: false, malformed: 'bad chunk size' };
        if (size === 0) {
          const trailerEnd = data.indexOf('\r\n\r\n', lineEnd, 'latin1');
          if (trailerEnd < 0) return partial;
          bodyStart = trailerEnd + 4;
          break;
        }
        if (lineEnd + 2 + size + 2 > data.length) return partial;
        parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
        bodyStart = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(parts);
      responses.push({ status, headers, body });
      at = bodyStart;
      continue;
    } else if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      if (bodyStart + length > data.length) return partial;
      body = data.subarray(bodyStart, bodyStart + length);
      bodyStart += length;
    } else {
      if (!options.closed) return partial;
      body = data.subarray(bodyStart);
      bodyStart = data.length;
    }
    responses.push({ status, headers, body });
    at = bodyStart;
  }
  return { responses, complete: true, malformed: null };
}

/** A request's bytes: request line, headers as given (repeats allowed), then the body as it is. */
export function rawRequest(method: string, target: string, headers: readonly (readonly [string, string])[], body: Buffer = Buffer.alloc(0)): Buffer {
  const head = `${method} ${target} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'utf8'), body]);
}

/** The JSON envelope of an answer, or null when it is not one. */
export function envelope(r: RawResponse): { ok: boolean; value?: unknown; error?: { kind: string; message: string } } | null {
  if (!/application\/json/.test(r.headers['content-type'] ?? '')) return null;
  try {
    return JSON.parse(r.body.toString('utf8')) as { ok: boolean; error?: { kind: string; message: string } };
  } catch {
    return null;
  }
}
