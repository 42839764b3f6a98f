/**
 * A desk talking to a GridDesk host over HTTPS, as another PC would: the host's certificate pinned by its
 * SHA-256 fingerprint (a different one is refused before anything is sent), a session from logging in,
 * and the live feed read as server-sent events. Used by the host-mode test and bench:desks.
 */
import https from 'node:https';
import tls, { type PeerCertificate } from 'node:tls';

export interface DeskAnswer {
  readonly status: number;
  readonly body: { ok: boolean; value?: unknown; error?: { kind: string; message: string } };
}

export interface StaleEvent {
  readonly id: number;
  readonly topics: string[];
  readonly call: string;
  readonly by: string | null;
  readonly desk: string | null;
  readonly receivedAt: number;
}

export class FingerprintMismatch extends Error {}

export class DeskClient {
  session = '';

  private constructor(
    readonly origin: string,
    readonly fingerprint: string,
    readonly ca: string,
    readonly agent: https.Agent,
  ) {}

  /**
   * Connects as a desk told the host's address and fingerprint: a first TLS handshake reads the host's
   * certificate and compares its SHA-256 fingerprint with the pinned one (a mismatch: FingerprintMismatch,
   * nothing sent); from then on that certificate is the only CA trusted, and every connection's
   * fingerprint is checked again during the handshake.
   */
  static async connect(origin: string, fingerprint: string, options: { maxSockets?: number } = {}): Promise<DeskClient> {
    const url = new URL(origin);
    const cert = await new Promise<PeerCertificate>((resolve, reject) => {
      const socket = tls.connect({ host: url.hostname, port: Number(url.port), rejectUnauthorized: false, servername: undefined }, () => {
        const peer = socket.getPeerCertificate();
        socket.end();
        resolve(peer);
      });
      socket.on('error', reject);
    });
    if (cert.fingerprint256 !== fingerprint) {
      throw new FingerprintMismatch(`主机证书指纹不符，拒绝连接：应为 ${fingerprint}，实为 ${cert.fingerprint256}`);
    }
    const pem = `-----BEGIN CERTIFICATE-----\n${cert.raw.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
    const agent = new https.Agent({
      keepAlive: true,
      maxSockets: options.maxSockets ?? 6,
      ca: pem,
      checkServerIdentity: (_host, peer) => (peer.fingerprint256 === fingerprint ? undefined : new FingerprintMismatch('主机证书指纹不符')),
    });
    return new DeskClient(origin, fingerprint, pem, agent);
  }

  request(method: string, path: string, body?: string, headers: Record<string, string> = {}, agent: https.Agent = this.agent): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
      const req = https.request(`${this.origin}${path}`, { method, agent, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  async call(name: string, input: unknown = {}, extraHeaders: Record<string, string> = {}): Promise<DeskAnswer> {
    const answer = await this.request('POST', `/api/${name}`, JSON.stringify(input), {
      ...(this.session ? { 'x-griddesk-session': this.session } : {}),
      ...extraHeaders,
    });
    return { status: answer.status, body: JSON.parse(answer.text) as DeskAnswer['body'] };
  }

  /** The value of a call, or throws its message. */
  async value<T>(name: string, input: unknown = {}): Promise<T> {
    const answer = await this.call(name, input);
    if (!answer.body.ok) throw new Error(`${name}: ${answer.body.error?.message}`);
    return answer.body.value as T;
  }

  async login(name: string, secret: string): Promise<void> {
    const value = await this.value<{ token: string }>('session:login', { name, secret });
    this.session = value.token;
  }

  /** Opens the live feed; events arrive in `feed.events`. */
  async openLive(): Promise<LiveStream> {
    const key = await this.request('POST', '/live/key', '{}', { 'x-griddesk-session': this.session });
    const parsed = JSON.parse(key.text) as { ok: boolean; value?: { key: string } };
    if (!parsed.ok || !parsed.value) throw new Error(`live key refused: ${key.text}`);
    const liveAgent = new https.Agent({ ca: this.ca, checkServerIdentity: (_host, peer) => (peer.fingerprint256 === this.fingerprint ? undefined : new FingerprintMismatch('主机证书指纹不符')) });
    return new Promise((resolve, reject) => {
      const req = https.request(`${this.origin}/live?key=${encodeURIComponent(parsed.value!.key)}`, { method: 'GET', agent: liveAgent }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`live refused: ${res.statusCode}`));
        resolve(new LiveStream(res, () => {
          req.destroy();
          liveAgent.destroy();
        }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export class LiveStream {
  readonly events: StaleEvent[] = [];
  readonly named: { event: string; data: unknown }[] = [];
  private buffer = '';
  private waiters: (() => void)[] = [];

  constructor(
    res: NodeJS.ReadableStream,
    readonly close: () => void,
  ) {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\n\n')) >= 0) {
        const frame = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        this.take(frame);
      }
    });
    res.on('error', () => undefined);
  }

  private take(frame: string): void {
    let event = 'message';
    let data = '';
    let id: number | null = null;
    for (const line of frame.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
      else if (line.startsWith('id: ')) id = Number(line.slice(4));
    }
    if (!data) return;
    const parsed = JSON.parse(data) as Record<string, unknown>;
    if (event === 'stale' && id !== null) this.events.push({ ...(parsed as unknown as Omit<StaleEvent, 'id' | 'receivedAt'>), id, receivedAt: Date.now() });
    else this.named.push({ event, data: parsed });
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves once `test` holds on the events, or rejects after `ms`. */
  async waitFor(test: (events: StaleEvent[]) => boolean, ms = 2_000): Promise<void> {
    const until = Date.now() + ms;
    while (!test(this.events)) {
      const left = until - Date.now();
      if (left <= 0) throw new Error(`live event not seen within ${ms} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
