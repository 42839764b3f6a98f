/**
 * Host mode: a GridDesk serving the district's desks over HTTPS with its own certificate. Two operators
 * log in from two desk clients (the certificate pinned by fingerprint) and act on one case: the first
 * desk's write reaches the second's live feed, the second's step on the same version gets the conflict
 * naming the first one's step; a request without a session, a wrong fingerprint, an address not allowed,
 * a loopback-only call from a desk and repeated wrong passwords are each refused, and the refusals of
 * logins are in the login log.
 *
 * The host listens on 127.0.0.1 here; a desk is a client that came without the per-start token (from
 * another PC that is every client: the token is never accepted from the network). The allow-list is
 * tested as a function and on the server path through a non-loopback address of this machine where it
 * has one.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedStore } from '../../electron/host';
import type { LiveFeed } from '../../electron/server/liveFeed';
import { startHostMode, type RunningHost } from '../../electron/server/hostMode';
import { isAllowed, parseAllowList, parseCidr, normalizeAddress, ownSubnets } from '../../electron/server/allowList';
import { certificateFilesFor, fingerprintOf, normalizeFingerprint } from '../../electron/server/certificate';
import { writeHostSettings } from '../../electron/server/hostSettings';
import { TOKEN_PLACEHOLDER } from '../../db/domain/transport';
import { DeskClient, FingerprintMismatch, type LiveStream } from '../helpers/deskClient';
import { startDemoHost, type DemoHost } from '../helpers/demoHost';

const DEMO = 'demo2026';
let demo: DemoHost;
let dir: string;
let store: OpenedStore;
let live: LiveFeed;
let host: RunningHost;
let origin: string;

beforeAll(async () => {
  demo = await startDemoHost('griddesk-host-');
  ({ dir, store, live, host, origin } = demo);
}, 120_000);

afterAll(() => demo?.close());

async function desk(name: string): Promise<DeskClient> {
  const client = await DeskClient.connect(origin, host.certificate.fingerprint);
  await client.login(name, DEMO);
  return client;
}

describe('host mode over HTTPS', () => {
  it('makes its certificate on first start, keeps it beside the database, and shows its SHA-256 fingerprint', async () => {
    const files = certificateFilesFor(store.databasePath);
    expect(fs.existsSync(files.certFile) && fs.existsSync(files.keyFile)).toBe(true);
    expect(fs.statSync(files.keyFile).mode & 0o077).toBe(0);
    expect(host.certificate.fingerprint).toBe(fingerprintOf(fs.readFileSync(files.certFile, 'utf8')));
    expect(host.certificate.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(normalizeFingerprint(host.certificate.fingerprint.toLowerCase().replace(/:/g, ' '))).toBe(host.certificate.fingerprint);
    // The same certificate on the next start (desks keep their pin).
    const again = await startHostMode({
      databasePath: store.databasePath,
      handlers: () => store.handlers,
      db: () => store.db,
      staticDir: path.join(dir, 'renderer'),
      port: 0,
      listenHost: '127.0.0.1',
      live,
    });
    expect(again.certificate.fingerprint).toBe(host.certificate.fingerprint);
    await again.close();
  });

  it('serves the page to a desk without the per-start token in it', async () => {
    const client = await DeskClient.connect(origin, host.certificate.fingerprint);
    const page = await client.request('GET', '/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('content=""');
    expect(page.text).not.toContain(TOKEN_PLACEHOLDER);
    expect(page.headers['set-cookie']).toBeUndefined();
    client.close();
  });

  it("carries one desk's write to the other's live feed within 2 s, and gives the second step on the same version the conflict naming the first", async () => {
    const a = await desk('张雪');
    const b = await desk('邓琳');
    const feedA = await a.openLive();
    const feedB = await b.openLive();
    try {
      const category = (await a.value<{ id: number; parentId: number | null }[]>('categories:list')).find((c) => c.parentId !== null);
      const grid = (await a.value<{ code: string; level: number }[]>('grids:list', {})).find((g) => g.level === 3);
      const created = await a.value<{ id: number; version: number; status: string }>('incidents:create', {
        categoryId: category!.id,
        description: '两个席位同时处理的案件',
        gridCode: grid!.code,
        source: 'patrol',
      });
      const sent = Date.now();
      await feedB.waitFor((events) => events.some((e) => e.call === 'incidents:create'), 2_000);
      const seen = feedB.events.find((e) => e.call === 'incidents:create')!;
      expect(seen.receivedAt - sent).toBeLessThan(2_000);
      expect(seen.topics).toContain('incidents');
      expect(seen.by).toBe('张雪');
      // Desk B opens the case at the same version as desk A; A registers it first.
      const seenByB = await b.value<{ version: number; status: string }>('incidents:get', { id: created.id });
      expect(seenByB.version).toBe(created.version);
      const step = { incidentId: created.id, action: 'register', expectedVersion: created.version };
      const first = await a.call('incidents:transition', step);
      expect(first.body.ok).toBe(true);
      const second = await b.call('incidents:transition', step);
      expect(second.status).toBe(409);
      expect(second.body.error?.kind).toBe('conflict');
      expect(second.body.error?.message).toMatch(/^案件已被他人修改：张雪 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 执行了「立案」，案件现为「/);
      await feedB.waitFor((events) => events.some((e) => e.call === 'incidents:transition'), 2_000);
      // Each write once, in order, on both feeds; the refused step is no event.
      const calls = (feed: LiveStream) => feed.events.filter((e) => e.call.startsWith('incidents:')).map((e) => e.call);
      expect(calls(feedB)).toEqual(['incidents:create', 'incidents:transition']);
      await feedA.waitFor((events) => events.filter((e) => e.call.startsWith('incidents:')).length === 2);
      expect(calls(feedA)).toEqual(['incidents:create', 'incidents:transition']);
      const ids = feedB.events.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      // A's own events carry A's desk id (the page skips them: it refreshed after its own write).
      expect(feedA.events.every((e) => e.desk === feedB.events.find((x) => x.id === e.id)?.desk)).toBe(true);
    } finally {
      feedA.close();
      feedB.close();
      a.close();
      b.close();
    }
  });

  it('refuses a call without a session, and never takes the per-start token from a desk', async () => {
    const client = await DeskClient.connect(origin, host.certificate.fingerprint);
    const bare = await client.call('incidents:list', {});
    expect(bare.status).toBe(401);
    expect(bare.body.error?.message).toContain('请先登录');
    // The token is no session: on this PC it marks the host's own browser, which logs in as well.
    const withToken = await client.call('incidents:list', {}, { 'x-griddesk-token': host.server.token });
    expect(withToken.status).toBe(401);
    const forged = await client.call('incidents:list', {}, { 'x-griddesk-session': 'not-a-session' });
    expect(forged.status).toBe(401);
    const liveKey = await client.request('POST', '/live/key', '{}', {});
    expect(liveKey.status).toBe(401);
    const stream = await client.request('GET', '/live?key=forged');
    expect(stream.status).toBe(401);
    client.close();
  });

  it('refuses the loopback-only calls from a desk, even an administrator’s', async () => {
    const admin = await desk('演示管理员');
    for (const [name, input] of [
      ['backup:restore', { dir: '/tmp/x' }],
      ['host:set', { allowList: ['0.0.0.0/0'] }],
      ['demo:load', {}],
    ] as const) {
      const answer = await admin.call(name, input);
      expect(answer.status, name).toBe(403);
      expect(answer.body.error?.message).toContain('只能在主机本机上进行');
    }
    expect((await admin.value<{ settings: { allowList: unknown } }>('host:status')).settings.allowList).toBeNull();
    admin.close();
  });

  it('is refused by a desk pinning another fingerprint, before anything is sent', async () => {
    const wrong = host.certificate.fingerprint.replace(/^../, host.certificate.fingerprint.startsWith('00') ? '11' : '00');
    await expect(DeskClient.connect(origin, wrong)).rejects.toBeInstanceOf(FingerprintMismatch);
  });

  it('limits wrong passwords per account and logs them with the address', async () => {
    const client = await DeskClient.connect(origin, host.certificate.fingerprint);
    const answers = [];
    for (let i = 0; i < 6; i += 1) answers.push(await client.call('session:login', { name: '张宏', secret: 'wrong-password' }));
    expect(answers.every((a) => a.status === 401)).toBe(true);
    expect(answers.at(-1)!.body.error?.message).toMatch(/锁定/);
    // Locked: even the right password waits.
    const right = await client.call('session:login', { name: '张宏', secret: DEMO });
    expect(right.status).toBe(401);
    const admin = await desk('演示管理员');
    const log = await admin.value<{ name: string; address: string; outcome: string }[]>('settings:login-log', { limit: 50 });
    const mine = log.filter((e) => e.name === '张宏');
    expect(mine.some((e) => e.outcome === 'wrong-secret')).toBe(true);
    expect(mine.some((e) => e.outcome === 'locked')).toBe(true);
    expect(mine.every((e) => e.address === '127.0.0.1')).toBe(true);
    client.close();
    admin.close();
  });

  it('limits failed logins per address across accounts', async () => {
    const client = await DeskClient.connect(origin, host.certificate.fingerprint);
    let last;
    for (let i = 0; i < 12; i += 1) last = await client.call('session:login', { name: `无此人${i}`, secret: 'x' });
    expect(last!.body.error?.message).toContain('此地址登录失败次数过多');
    client.close();
  });
});

describe('the allow-list', () => {
  it('parses IPv4 subnets and names what is wrong', () => {
    expect(parseCidr('192.168.1.77/24')).toMatchObject({ text: '192.168.1.0/24' });
    expect(parseCidr('10.0.0.5')).toMatchObject({ text: '10.0.0.5/32' });
    expect(typeof parseCidr('10.0.0.256/8')).toBe('string');
    expect(typeof parseCidr('fe80::1/64')).toBe('string');
    expect(typeof parseCidr('10.0.0.0/33')).toBe('string');
    expect(parseAllowList(['10.1.0.0/16', '', 'x']).problems).toHaveLength(1);
  });

  it('lets in loopback and the listed subnets only; IPv4-mapped addresses are read as IPv4', () => {
    const { entries } = parseAllowList(['10.12.0.0/16', '192.168.5.20']);
    expect(isAllowed('127.0.0.1', [])).toBe(true);
    expect(isAllowed('::1', [])).toBe(true);
    expect(isAllowed('10.12.200.3', entries)).toBe(true);
    expect(isAllowed('::ffff:10.12.0.9', entries)).toBe(true);
    expect(isAllowed('10.13.0.1', entries)).toBe(false);
    expect(isAllowed('192.168.5.21', entries)).toBe(false);
    expect(isAllowed('fe80::1', entries)).toBe(false);
    expect(isAllowed(undefined, entries)).toBe(false);
    expect(normalizeAddress('::FFFF:192.168.5.20')).toBe('192.168.5.20');
  });

  it("defaults to the host's own subnets", () => {
    const own = ownSubnets({ eth0: [{ address: '172.20.3.4', netmask: '255.255.240.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: false, cidr: '172.20.3.4/20' }], lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }] });
    expect(own.map((c) => c.text)).toEqual(['172.20.0.0/20']);
  });

  it('stores a list only when every entry is valid, and logs the change', () => {
    const admin = { operatorId: null, name: '测试管理员' };
    expect(() => writeHostSettings(store.db, admin, { allowList: ['10.0.0.0/8', 'nonsense'] }, Date.now())).toThrow(/nonsense/);
    const saved = writeHostSettings(store.db, admin, { allowList: ['10.0.0.9/8'] }, Date.now());
    expect(saved.allowList).toEqual(['10.0.0.0/8']);
    const logged = store.db.prepare(`SELECT action, before, after FROM settings_log ORDER BY id DESC LIMIT 1`).get() as { action: string; after: string };
    expect(logged.action).toBe('host.settings');
    expect(JSON.parse(logged.after).allowList).toEqual(['10.0.0.0/8']);
    writeHostSettings(store.db, admin, { allowList: null }, Date.now());
  });

  it('disconnects a peer not on the list as it connects (through a non-loopback address of this machine)', async (ctx) => {
    const address = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!address) return ctx.skip();
    const refused: string[] = [];
    const wide = await startHostMode({
      databasePath: store.databasePath,
      handlers: () => store.handlers,
      db: () => store.db,
      staticDir: path.join(dir, 'renderer'),
      port: 0,
      listenHost: '0.0.0.0',
      live,
      ownSubnets: () => [],
      onRefused: (who) => refused.push(who),
    });
    try {
      const closedAt = await new Promise<string>((resolve) => {
        const socket = net.connect({ host: address, port: wide.port, localAddress: address }, () => undefined);
        socket.on('close', () => resolve('closed'));
        socket.on('error', () => resolve('closed'));
      });
      expect(closedAt).toBe('closed');
      expect(refused).toContain(address);
      // The same peer once its address is allowed: served.
      writeHostSettings(store.db, { operatorId: null, name: '测试管理员' }, { allowList: [`${address}/32`] }, Date.now());
      await new Promise((r) => setTimeout(r, 2_100)); // the list is re-read every 2 s
      const client = await DeskClient.connect(`https://${address}:${wide.port}`, wide.certificate.fingerprint);
      const answer = await client.call('incidents:list', {});
      expect(answer.status).toBe(401); // connected; a desk on the network still needs a session
      // The per-start token is not taken from the network: the refusal asks for a session before the body is read.
      const withToken = await client.call('incidents:list', {}, { 'x-griddesk-token': wide.server.token });
      expect(withToken.status).toBe(401);
      expect(withToken.body.error?.message).toContain('每个请求都需要已登录的会话');
      client.close();
    } finally {
      writeHostSettings(store.db, { operatorId: null, name: '测试管理员' }, { allowList: null }, Date.now());
      await wide.close();
    }
  });
});
