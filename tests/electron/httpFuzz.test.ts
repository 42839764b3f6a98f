/**
 * Issue "Trust" — a server nothing can crash. Random requests are thrown at a real browser-mode server over
 * real sockets (node:net, so malformed requests go out exactly as generated): paths (percent-encoding
 * garbage, `//[`, very long, unicode, `..`), methods, headers (huge, repeated, invalid Content-Length,
 * chunked with bad framing, odd Host / Origin / Cookie), bodies (random bytes, deep JSON, huge strings,
 * wrong types) and valid-looking calls to every contract call with random inputs, with and without the
 * token and a session. Every request must get an HTTP answer or a clean close, never a 500 'internal';
 * requests without the token change nothing stored; the server answers at once afterwards.
 *
 * Budget: GRIDDESK_FUZZ_RUNS (default 150, as tests/helpers/fuzz.ts) batches per property; `npm run fuzz`
 * runs 2,000. GRIDDESK_FUZZ_SEED picks another seed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, callNames, ERROR_KINDS, type CallName } from '../../electron/contract';
import { openStore, type OpenedStore } from '../../electron/host';
import { invokeCall } from '../../electron/handlers/invoke';
import { gateOf } from '../../electron/auth/gate';
import { LOCKOUT_MS } from '../../db/trust/accounts';
import { startBrowserServer, type BrowserServer } from '../../electron/server/httpServer';
import { SESSION_HEADER, TOKEN_HEADER, TOKEN_PLACEHOLDER } from '../../db/domain/transport';
import { FUZZ_RUNS, FUZZ_SEED, FUZZ_TIMEOUT_MS, isChinese } from '../helpers/fuzz';
import { envelope, exchange, rawRequest, type Exchange } from './rawHttp';

const BODY_LIMIT = 256 * 1024;
const DEMO_PASSWORD_FALLBACK = 'demo2026';

let dir: string;
let store: OpenedStore;
let server: BrowserServer;
let host: string;
const sessions = { admin: '', inspector: '' };
let demoPassword = DEMO_PASSWORD_FALLBACK;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-fuzz-'));
  const staticDir = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), `<!doctype html><meta name="griddesk-token" content="${TOKEN_PLACEHOLDER}">`);
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
  store = openStore(path.join(dir, 'fuzz.sqlite'), { transport: 'http' });
  // A small demo district: real grids, persons, cases, batches and operators for the calls to reach.
  const demo = await invokeCall(store.handlers, 'demo:load', { incidents: 300, seed: 7, until: '2026-03-01' });
  expect(demo.ok).toBe(true);
  const strings = (sql: string) => (store.db.prepare(sql).pluck().all() as unknown[]).map(String);
  dataPool.push(
    ...strings(`SELECT code FROM grids WHERE id % 20 = 1 OR level < 3 ORDER BY id LIMIT 16`),
    ...strings(`SELECT name FROM operators ORDER BY id`),
    ...strings(`SELECT code FROM categories WHERE id % 10 = 1 ORDER BY id`),
    ...strings(`SELECT name FROM persons WHERE id % 50 = 1 ORDER BY id`),
    ...strings(`SELECT case_no FROM incidents WHERE id % 50 = 1 ORDER BY id`),
  );
  server = await startBrowserServer({ handlers: store.handlers, staticDir, limits: { maxBodyBytes: BODY_LIMIT } });
  host = `127.0.0.1:${server.port}`;
  const status = await call('session:status', {});
  const accounts = (status.value as { demo: { password: string; accounts: { name: string; role: string }[] } }).demo;
  demoPassword = accounts.password;
  const nameOf = (role: string) => accounts.accounts.find((a) => a.role === role)!.name;
  for (const role of ['admin', 'inspector'] as const) {
    const login = await call('session:login', { name: nameOf(role), secret: demoPassword });
    expect(login.ok, JSON.stringify(login)).toBe(true);
    sessions[role] = (login.value as { token: string }).token;
  }
}, 60_000);

afterAll(async () => {
  await server?.close();
  store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function call(name: string, input: unknown, session = '') {
  const res = await fetch(`${server.origin}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token, ...(session ? { [SESSION_HEADER]: session } : {}) },
    body: JSON.stringify(input),
  });
  return { status: res.status, ...((await res.json()) as { ok: boolean; value?: unknown; error?: { kind: string; message: string } }) };
}

// ---------------------------------------------------------------------------------------------------
// Generators

/** Strings that mean something to some call: codes, dates, weeks, ids, paths, enum values, injections. */
const ENUM_VALUES = collectEnumValues();
const plausibleString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ENUM_VALUES) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      'a',
      '测试',
      '演示管理员',
      '430102001001001',
      '430102001000000',
      '430102000000000',
      '4301020010010019',
      '2026-02-01',
      '2026-13-45',
      '2026-W05',
      '2026-W60',
      '0000-W00',
      '/etc/passwd',
      '../../../../etc/passwd',
      'C:\\Windows\\win.ini',
      '\\\\server\\share\\x',
      '/tmp',
      '.',
      'NaN',
      'null',
      '__proto__',
      "' OR 1=1 --",
      '"; DROP TABLE incidents; --',
      '%s%n%x',
      '<script>alert(1)</script>',
      '\u0000',
      '\uFEFF',
      '\uD800',
      '𠮷'.repeat(300),
      'x'.repeat(5_000),
      'eyJpZCI6MX0=',
      '1:1',
      '9999999999999999999999:1',
      'aGVsbG8=',
      'https://tiles.example/{z}/{x}/{y}.png',
      'javascript:alert(1)',
      'file:///etc/passwd',
    ),
  },
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);
const plausibleNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: -2, max: 400 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      0,
      -0,
      1.5,
      -1,
      113.0,
      28.2,
      2 ** 31,
      2 ** 31 - 1,
      2 ** 53,
      Number.MAX_SAFE_INTEGER,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      Number.MIN_VALUE,
      1e21,
      Date.parse('2026-02-01T08:00:00+08:00'),
      8_640_000_000_000,
      8_640_000_000_001,
    ),
  },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(null, true, false, [], {}, '', 0) },
  { weight: 2, arbitrary: plausibleString },
  { weight: 2, arbitrary: plausibleNumber },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

type AnySchema = z.ZodType & { def: Record<string, unknown> & { type: string } };
type CheckDef = Record<string, unknown> & { check?: string; format?: string };

/** Values read from the fuzz's database (grid codes, case numbers, names): filled once it is loaded. */
const dataPool: string[] = ['430102001001001'];
const fromData: fc.Arbitrary<string> = fc.nat().map((i) => dataPool[i % dataPool.length]!);

/** The pool's values a pattern accepts (real grid codes for a grid-code field). */
const matching = (pattern: RegExp): string[] => dataPool.filter((v) => new RegExp(pattern.source, pattern.flags.replace('g', '')).test(v));

const checksOf = (def: Record<string, unknown>): CheckDef[] =>
  ((def.checks as { _zod: { def: CheckDef } }[] | undefined) ?? []).map((c) => c._zod.def);

/** Strings meeting a string schema's own checks (pattern, uuid, length), or plausible ones that may not. */
function stringFor(def: Record<string, unknown>): fc.Arbitrary<string> {
  const checks = checksOf(def);
  const pattern = checks.find((c) => c.format === 'regex')?.pattern as RegExp | undefined;
  const min = (checks.find((c) => c.check === 'min_length')?.minimum as number | undefined) ?? 0;
  const max = (checks.find((c) => c.check === 'max_length')?.maximum as number | undefined) ?? 60;
  const valid = pattern
    ? fc.oneof(fc.stringMatching(pattern), fc.tuple(fc.nat(), fc.stringMatching(pattern)).map(([i, made]) => matching(pattern)[i] ?? made))
    : checks.some((c) => c.format === 'uuid')
      ? fc.uuid()
      : fc.oneof(
          { weight: 4, arbitrary: fc.string({ minLength: min, maxLength: Math.max(min, Math.min(max, 40)) }) },
          { weight: 2, arbitrary: fromData },
          { weight: 1, arbitrary: fc.constantFrom('x'.repeat(Math.min(max, 100_000)), 'x'.repeat(Math.min(max + 1, 100_001))) },
        );
  return fc.oneof({ weight: 5, arbitrary: valid }, { weight: 2, arbitrary: plausibleString });
}

/** Numbers within a number schema's bounds (integers where it wants them), or plausible ones that may not be. */
function numberFor(def: Record<string, unknown>): fc.Arbitrary<number> {
  const checks = checksOf(def);
  const isInt = checks.some((c) => c.check === 'number_format' && /int/.test(String(c.format)));
  const lower = checks.find((c) => c.check === 'greater_than');
  const upper = checks.find((c) => c.check === 'less_than');
  const lo = Math.max(Number(lower?.value ?? -1e9), -1e12);
  const hi = Math.min(Number(upper?.value ?? 1e9), 1e13);
  const valid = isInt
    ? fc.oneof(
        fc.integer({ min: Math.ceil(lo), max: Math.min(Math.floor(hi), Math.ceil(lo) + 400) }),
        fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }),
      )
    : fc.double({ min: lo, max: hi, noNaN: true });
  return fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: plausibleNumber });
}

const isOptional = (schema: AnySchema) => schema.def.type === 'optional' || schema.def.type === 'default';

/** Values shaped like a schema (mostly valid, sometimes a wrong type, a missing or an unknown key). */
function fromSchema(schema: AnySchema, depth = 0): fc.Arbitrary<unknown> {
  const def = schema.def;
  const wrong = (valid: fc.Arbitrary<unknown>) => fc.oneof({ weight: 19, arbitrary: valid }, { weight: 1, arbitrary: anyJson });
  if (depth > 5) return anyJson;
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, AnySchema>;
      const fields = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, wrong(fromSchema(v, depth + 1))]));
      const requiredKeys = Object.keys(shape).filter((k) => !isOptional(shape[k]!));
      const complete = fc.record(fields, { requiredKeys });
      const partial = fc.record(fields, { requiredKeys: [] });
      return fc.oneof(
        { weight: 12, arbitrary: complete },
        { weight: 1, arbitrary: partial },
        { weight: 1, arbitrary: fc.tuple(complete, fc.string({ maxLength: 10 }), anyJson).map(([r, k, v]) => ({ ...r, [k]: v })) },
      );
    }
    case 'string':
      return stringFor(def);
    case 'number':
      return numberFor(def);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...(Object.values(def.entries as Record<string, unknown>) as unknown[]));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'optional':
    case 'default':
      return fc.option(fromSchema(def.innerType as AnySchema, depth + 1), { nil: undefined, freq: 3 });
    case 'nullable':
      return fc.option(fromSchema(def.innerType as AnySchema, depth + 1), { nil: null, freq: 4 });
    case 'union':
      return fc.oneof(...(def.options as AnySchema[]).map((o) => fromSchema(o, depth + 1)));
    case 'array':
      return fc.array(fromSchema(def.element as AnySchema, depth + 1), { maxLength: 6 });
    case 'tuple':
      return fc.tuple(...(def.items as AnySchema[]).map((o) => fromSchema(o, depth + 1)));
    case 'record':
      return fc.dictionary(
        fromSchema(def.keyType as AnySchema, depth + 1).map(String),
        fromSchema(def.valueType as AnySchema, depth + 1),
        { maxKeys: 5 },
      );
    default:
      return anyJson;
  }
}

function collectEnumValues(): string[] {
  const seen = new Set<string>();
  const walk = (schema: AnySchema): void => {
    const def = schema.def;
    if (def.type === 'enum') for (const v of Object.values(def.entries as Record<string, unknown>)) seen.add(String(v));
    if (def.type === 'literal') for (const v of def.values as unknown[]) seen.add(String(v));
    for (const key of ['innerType', 'element', 'keyType', 'valueType', 'in', 'out'] as const) {
      if (def[key]) walk(def[key] as AnySchema);
    }
    for (const o of (def.options as AnySchema[] | undefined) ?? []) walk(o);
    for (const o of (def.items as AnySchema[] | undefined) ?? []) walk(o);
    for (const v of Object.values((def.shape as Record<string, AnySchema> | undefined) ?? {})) walk(v);
  };
  for (const name of callNames) walk(api[name].input as unknown as AnySchema);
  return [...seen];
}

const inputArbitraries = new Map<CallName, fc.Arbitrary<unknown>>(
  callNames.map((name) => [name, fromSchema(api[name].input as unknown as AnySchema)]),
);

/** A body for a call: its input shaped by its schema, or anything else a client might send. */
function bodyFor(name: string): fc.Arbitrary<Buffer> {
  const input = inputArbitraries.get(name as CallName) ?? anyJson;
  return fc.oneof(
    { weight: 10, arbitrary: input.map((v) => Buffer.from(JSON.stringify(v ?? {}))) },
    { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v))) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b)) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.integer({ min: 1, max: 60_000 }), fc.constantFrom('[', '{"a":', '{"filter":')).map(([depth, open]) =>
        Buffer.from(open === '[' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${open.repeat(depth)}1${'}'.repeat(depth)}`),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(1_000, 100_000, BODY_LIMIT - 20, BODY_LIMIT + 1, 2 * BODY_LIMIT), fc.constantFrom('x', '中', '\\u0000', '"'))
        .map(([n, c]) => Buffer.from(`{"name":"${c.repeat(Math.ceil(n / Buffer.byteLength(c)))}","secret":"x"}`)),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'null',
        '[]',
        '"x"',
        '1',
        'true',
        '{"__proto__":{"isAdmin":true}}',
        '{"constructor":{"prototype":{"x":1}}}',
        '{"id":1,"id":2}',
        '\uFEFF{}',
        '{}garbage',
        '{"a":1e999999}',
      ).map((s) => Buffer.from(s)),
    },
  );
}

/** Calls that would end the fuzz's own sessions or point backups at a random folder: sent with no or a random session only. */
const SESSION_BREAKERS = new Set<string>(['session:logout', 'session:lock', 'backup:set']);

type TokenChoice = 'valid' | 'none' | 'wrong' | 'longer' | 'shorter' | 'twice' | 'query' | 'cookie';
type SessionChoice = 'none' | 'admin' | 'inspector' | 'random' | 'long';

const tokenHeaders = (choice: TokenChoice): [string, string][] => {
  const t = server.token;
  switch (choice) {
    case 'valid':
      return [[TOKEN_HEADER, t]];
    case 'none':
    case 'query':
      return [];
    case 'wrong':
      return [[TOKEN_HEADER, t.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))]];
    case 'longer':
      return [[TOKEN_HEADER, `${t}x`]];
    case 'shorter':
      return [[TOKEN_HEADER, t.slice(1)]];
    case 'twice':
      return [
        [TOKEN_HEADER, t],
        [TOKEN_HEADER, t],
      ];
    case 'cookie':
      return [['Cookie', `griddesk_token=${t}`]];
  }
};

const sessionHeaders = (choice: SessionChoice, random: string): [string, string][] => {
  switch (choice) {
    case 'none':
      return [];
    case 'admin':
      return [[SESSION_HEADER, sessions.admin]];
    case 'inspector':
      return [[SESSION_HEADER, sessions.inspector]];
    case 'random':
      return [[SESSION_HEADER, random]];
    case 'long':
      return [[SESSION_HEADER, 'S'.repeat(5_000)]];
  }
};

interface ApiCase {
  readonly name: string;
  readonly token: TokenChoice;
  readonly session: SessionChoice;
  readonly randomSession: string;
  readonly method: string;
  readonly contentType: string | null;
  readonly origin: string | null;
  readonly accept: string | null;
  readonly chunked: readonly number[] | null;
  readonly expect100: boolean;
  readonly body: Buffer;
}

const callName: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...callNames) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'app:info ', 'APP:INFO', 'app%3Ainfo', 'app:info\u0000'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

function apiCase(tokens: fc.Arbitrary<TokenChoice>, sessionChoices: fc.Arbitrary<SessionChoice>): fc.Arbitrary<ApiCase> {
  return callName.chain((name) =>
    fc.record({
      name: fc.constant(name),
      token: tokens,
      session: sessionChoices.map((s) => (SESSION_BREAKERS.has(name) && (s === 'admin' || s === 'inspector') ? 'random' : s)),
      randomSession: fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('base64url')), fc.string({ maxLength: 120 }).filter((s) => /^[\x21-\x7e]*$/.test(s))),
      method: fc.oneof({ weight: 20, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') }),
      contentType: fc.oneof(
        { weight: 20, arbitrary: fc.constant('application/json') },
        {
          weight: 2,
          arbitrary: fc.constantFrom(null, 'application/json; charset=utf-8', 'APPLICATION/JSON', 'text/plain', 'application/jsonp', 'application/json; charset=gbk', 'multipart/form-data; boundary=x', ''),
        },
      ),
      origin: fc.oneof(
        { weight: 10, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.constantFrom(`http://${host}`, `http://localhost:${server.port}`, 'http://evil.example', 'null', 'file://', `http://127.0.0.1:${server.port}.evil`) },
      ),
      accept: fc.constantFrom(null, '*/*', 'text/html', 'application/xml', 'application/json;q=0', 'image/*', '', 'x'.repeat(1000)),
      chunked: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.array(fc.integer({ min: 1, max: 5_000 }), { minLength: 1, maxLength: 6 }) }),
      expect100: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      body: bodyFor(name),
    }),
  );
}

/** The bytes of an API case: well framed (by length or in chunks), so the server can answer and close. */
function apiBytes(c: ApiCase): Buffer {
  const target = c.token === 'query' ? `/api/${encodeURIComponent(c.name)}?token=${server.token}` : `/api/${encodeURIComponent(c.name)}`;
  const headers: [string, string][] = [
    ['Host', host],
    ...tokenHeaders(c.token),
    ...sessionHeaders(c.session, c.randomSession),
    ['Connection', 'close'],
  ];
  if (c.contentType !== null) headers.push(['Content-Type', c.contentType]);
  if (c.origin !== null) headers.push(['Origin', c.origin]);
  if (c.accept !== null) headers.push(['Accept', c.accept]);
  if (c.expect100) headers.push(['Expect', '100-continue']);
  if (c.chunked === null) {
    headers.push(['Content-Length', String(c.body.length)]);
    return rawRequest(c.method, target, headers, c.body);
  }
  headers.push(['Transfer-Encoding', 'chunked']);
  const pieces: Buffer[] = [];
  let at = 0;
  for (let i = 0; at < c.body.length; i += 1) {
    const size = c.chunked[i % c.chunked.length]!;
    const piece = c.body.subarray(at, at + size);
    pieces.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
    at += size;
  }
  pieces.push(Buffer.from('0\r\n\r\n'));
  return rawRequest(c.method, target, headers, Buffer.concat(pieces));
}

/** Malformed or odd HTTP: request lines, targets, framing, headers. */
interface RawCase {
  readonly method: string;
  readonly target: string;
  readonly version: string;
  readonly headers: [string, string][];
  readonly framing: 'length' | 'short' | 'long' | 'none' | 'chunked' | 'bad-chunked' | 'both' | 'invalid-length' | 'two-lengths';
  readonly body: Buffer;
  readonly pipelined: boolean;
}

const percentGarbage: fc.Arbitrary<string> = fc
  .array(
    fc.constantFrom('%', '%0', '%G1', '%FF', '%C0%AF', '%E0%A4%A', '%E4%B8', '%00', '%2e%2e', '%2f', '%5c', '..', '/', '//', '[', ']', '\\', '~', '?', '#', ';', '@', ':', '中文', '😀', 'a', 'api', 'tiles', 'assets', 'index.html', 'secret.txt', '\t', ' '),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

const target: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '/',
      '/index.html',
      '/?token=',
      '/?token=%',
      '//[',
      '//',
      '*',
      '/%',
      '/%E0%A4%A',
      '/api',
      '/api/',
      '/api/%',
      '/api/app:info',
      '/api/app%3Ainfo',
      '/api/app:info/x',
      '/api/..%2f..%2fsecret.txt',
      '/assets/app.js',
      '/assets/../../secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/tiles/x/1/1/1',
      '/tiles/x/99/99999999/99999999.png',
      '/tiles/%E0%A4%A/1/1/1',
      'http://evil.example/',
      'http://127.0.0.1/api/app:info',
      '127.0.0.1:80',
      '/\u0000',
      '/api/app:info#frag',
    ),
  },
  { weight: 3, arbitrary: percentGarbage.map((p) => `/${p}`) },
  { weight: 1, arbitrary: fc.constantFrom(2_000, 8_000, 15_000, 17_000, 70_000).map((n) => `/${'a'.repeat(n)}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 50 }).map((s) => `/${s}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 50 }) },
);

const headerPair: fc.Arbitrary<[string, string]> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom<[string, string]>(
      ['Host', 'evil.example'],
      ['Host', ''],
      ['Host', '127.0.0.1'],
      ['Host', 'localhost'],
      ['Origin', 'http://evil.example'],
      ['Origin', 'null'],
      ['Cookie', 'griddesk_token=wrong'],
      ['Cookie', ';;;=;=='],
      ['Cookie', `griddesk_token=${'x'.repeat(9_000)}`],
      ['Cookie', 'a=1; griddesk_token; =x; griddesk_token=='],
      ['Content-Type', 'application/json'],
      ['Content-Type', 'text/plain'],
      ['Expect', '100-continue'],
      ['Expect', 'teapot'],
      ['Connection', 'keep-alive'],
      ['Connection', 'upgrade'],
      ['Upgrade', 'websocket'],
      ['Transfer-Encoding', 'gzip, chunked'],
      ['Transfer-Encoding', 'identity'],
      ['Content-Encoding', 'gzip'],
      ['Range', 'bytes=0-1,2-3'],
      ['If-None-Match', '*'],
      ['X-Forwarded-For', '10.0.0.1'],
      ['x-griddesk-session', ''],
      ['x-griddesk-token', ''],
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(100, 2_000, 8_000, 20_000).map((n): [string, string] => ['X-Pad', 'p'.repeat(n)]) },
  {
    weight: 2,
    arbitrary: fc.tuple(
      fc.string({ minLength: 1, maxLength: 20 }).filter((s) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(s)),
      fc.string({ maxLength: 60 }).filter((s) => !/[\r\n]/.test(s)),
    ),
  },
  { weight: 1, arbitrary: fc.tuple(fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 60 })) },
);

const rawCase = (tokens: fc.Arbitrary<TokenChoice>): fc.Arbitrary<RawCase> =>
  fc
    .record({
      method: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE') },
        { weight: 1, arbitrary: fc.constantFrom('CONNECT', 'PRI', 'get', 'G\u0000T', 'M-SEARCH', 'X'.repeat(300), '', 'POST /api/app:info') },
      ),
      target,
      version: fc.oneof({ weight: 8, arbitrary: fc.constant('HTTP/1.1') }, { weight: 1, arbitrary: fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 extra', 'HTTP/9', '', 'http/1.1') }),
      host: fc.oneof({ weight: 6, arbitrary: fc.constant('right') }, { weight: 1, arbitrary: fc.constantFrom('missing', 'twice', 'localhost') }),
      token: tokens,
      extra: fc.array(headerPair, { maxLength: 6 }),
      manyHeaders: fc.constantFrom(0, 0, 0, 0, 150),
      framing: fc.constantFrom('length', 'length', 'length', 'short', 'long', 'none', 'chunked', 'bad-chunked', 'both', 'invalid-length', 'two-lengths'),
      body: fc.oneof(fc.constant(Buffer.alloc(0)), fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b)), fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v)))),
      pipelined: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    })
    .map(({ method, target, version, host: hostChoice, token, extra, manyHeaders, framing, body, pipelined }) => {
      const headers: [string, string][] = [];
      if (hostChoice === 'right') headers.push(['Host', host]);
      if (hostChoice === 'twice') headers.push(['Host', host], ['Host', 'evil.example']);
      if (hostChoice === 'localhost') headers.push(['Host', `localhost:${server.port}`]);
      headers.push(...tokenHeaders(token), ...extra);
      for (let i = 0; i < manyHeaders; i += 1) headers.push([`X-H${i}`, String(i)]);
      return { method, target, version, headers, framing, body, pipelined } as RawCase;
    });

function rawBytes(c: RawCase): Buffer {
  const headers = [...c.headers];
  let body = c.body;
  switch (c.framing) {
    case 'length':
      headers.push(['Content-Length', String(body.length)]);
      break;
    case 'short': // declares more than it sends: the request is incomplete until the client gives up
      headers.push(['Content-Length', String(body.length + 10)]);
      break;
    case 'long': // declares less: the rest reads as the next request
      headers.push(['Content-Length', String(Math.floor(body.length / 2))]);
      break;
    case 'none':
      break;
    case 'chunked':
      headers.push(['Transfer-Encoding', 'chunked']);
      body = Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
      break;
    case 'bad-chunked':
      headers.push(['Transfer-Encoding', 'chunked']);
      body = Buffer.concat([Buffer.from(`${(body.length + 7).toString(16)};ext=${'e'.repeat(20)}\r\n`), body, Buffer.from('\r\nZZ\r\n-1\r\n')]);
      break;
    case 'both':
      headers.push(['Transfer-Encoding', 'chunked'], ['Content-Length', String(body.length)]);
      break;
    case 'invalid-length':
      headers.push(['Content-Length', ['abc', '-1', '1e3', '0x10', ' 5', '99999999999999999999999', '1,2'][body.length % 7]!]);
      break;
    case 'two-lengths':
      headers.push(['Content-Length', String(body.length)], ['Content-Length', String(body.length + 1)]);
      break;
  }
  const head = Buffer.from(`${c.method} ${c.target} ${c.version}\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`, 'utf8');
  const one = Buffer.concat([head, body]);
  return c.pipelined ? Buffer.concat([one, one]) : one;
}

// ---------------------------------------------------------------------------------------------------
// Checks

const stats = { requests: 0, answered: 0, closed: 0, ok: 0, byStatus: new Map<number, number>(), slowestMs: 0 };

/** Every answer: HTTP, never a 5xx but 503 busy, a JSON error names a kind of the closed set in Chinese. */
function check(result: Exchange, what: string, options: { mustAnswer: boolean }): void {
  stats.requests += 1;
  stats.slowestMs = Math.max(stats.slowestMs, result.ms);
  const summary = () => `${what} → ${result.ending}, ${result.responses.map((r) => `${r.status} ${r.body.toString('utf8').slice(0, 300)}`).join(' | ')}`;
  if (result.malformed !== null) throw new Error(`not an HTTP answer (${result.malformed}): ${summary()}`);
  if (result.ending === 'timeout') throw new Error(`no answer and no close in time: ${summary()}`);
  if (options.mustAnswer && result.responses.length === 0) throw new Error(`closed without an answer: ${summary()}`);
  if (result.responses.length) stats.answered += 1;
  else stats.closed += 1;
  for (const r of result.responses) {
    stats.byStatus.set(r.status, (stats.byStatus.get(r.status) ?? 0) + 1);
    const body = envelope(r);
    if (r.status >= 500 && !(r.status === 503 && body?.error?.kind === 'busy')) throw new Error(`server error: ${summary()}`);
    if (body && body.ok === false) {
      if (!ERROR_KINDS.includes(body.error?.kind as (typeof ERROR_KINDS)[number]) || body.error?.kind === 'internal') {
        throw new Error(`error kind ${body.error?.kind}: ${summary()}`);
      }
      if (!isChinese(body.error?.message ?? '')) throw new Error(`message not in Chinese: ${summary()}`);
    }
    if (body?.ok) stats.ok += 1;
  }
}

const describeApi = (c: ApiCase) =>
  `${c.method} /api/${JSON.stringify(c.name)} token=${c.token} session=${c.session} type=${c.contentType} chunked=${c.chunked !== null} body=${JSON.stringify(c.body.subarray(0, 200).toString('latin1'))}${c.body.length > 200 ? `…(${c.body.length} bytes)` : ''}`;

async function sendApi(c: ApiCase): Promise<Exchange> {
  const result = await exchange(server.port, apiBytes(c), { timeoutMs: 10_000, head: c.method === 'HEAD' });
  check(result, describeApi(c), { mustAnswer: true });
  return result;
}

async function sendRaw(c: RawCase): Promise<Exchange> {
  const bytes = rawBytes(c);
  // A request the server cannot see the end of is ended by half-closing once nothing came back for a while.
  const result = await exchange(server.port, bytes, { timeoutMs: 10_000, halfCloseAfterMs: 150, head: c.method === 'HEAD' });
  check(result, `raw ${JSON.stringify(bytes.subarray(0, 300).toString('latin1'))}${bytes.length > 300 ? `…(${bytes.length} bytes)` : ''}`, { mustAnswer: false });
  return result;
}

/** Every table's row count, read through a connection of its own. */
function tableCounts(db: Database.Database): Record<string, number> {
  const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}

const fuzzOptions = (runs: number) => ({ numRuns: runs, seed: FUZZ_SEED, endOnFailure: true });
const batch = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { minLength: 1, maxLength: 3 });

// ---------------------------------------------------------------------------------------------------

describe('HTTP fuzz: a server nothing can crash', () => {
  it(
    'requests without a valid token are refused (never 500) and change nothing stored',
    async () => {
      const observer = new Database(store.databasePath, { readonly: true });
      try {
        const before = tableCounts(observer);
        const version = observer.pragma('data_version', { simple: true });
        const noToken = fc.constantFrom<TokenChoice>('none', 'wrong', 'longer', 'shorter', 'twice', 'query', 'cookie');
        const sessionChoices = fc.constantFrom<SessionChoice>('none', 'admin', 'inspector', 'random');
        await fc.assert(
          fc.asyncProperty(batch(fc.oneof(apiCase(noToken, sessionChoices).map((c) => ({ api: c })), rawCase(noToken).map((c) => ({ raw: c })))), async (cases) => {
            const results = await Promise.all(cases.map((c) => ('api' in c ? sendApi(c.api) : sendRaw(c.raw))));
            results.forEach((result, i) => {
              const c = cases[i]!;
              if ('api' in c) {
                for (const r of result.responses.filter((r) => r.status >= 200)) {
                  // Refused at the gate, whatever came after the token: 401 (or 400 / 421 for what fails earlier).
                  if (![400, 401, 421].includes(r.status) && !(r.status === 404 && c.api.name === '')) throw new Error(`${r.status} without the token: ${describeApi(c.api)}`);
                }
              }
            });
          }),
          fuzzOptions(FUZZ_RUNS),
        );
        expect(tableCounts(observer)).toEqual(before);
        expect(observer.pragma('data_version', { simple: true })).toBe(version);
      } finally {
        observer.close();
      }
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'calls with the token but no session reach only the public calls, change nothing but the login log, and never log anyone in',
    async () => {
      const observer = new Database(store.databasePath, { readonly: true });
      try {
        const { login_log: logBefore, ...before } = tableCounts(observer);
        const successesBefore = (observer.prepare(`SELECT count(*) AS n FROM login_log WHERE outcome = 'ok'`).get() as { n: number }).n;
        await fc.assert(
          fc.asyncProperty(batch(apiCase(fc.constant('valid'), fc.constantFrom<SessionChoice>('none', 'random', 'long'))), async (cases) => {
            const results = await Promise.all(cases.map(sendApi));
            results.forEach((result, i) => {
              const c = cases[i]!;
              if (result.responses.some((r) => r.status === 200)) {
                const access = Object.prototype.hasOwnProperty.call(api, c.name) ? api[c.name as CallName].access : null;
                if (access !== 'public') throw new Error(`200 without a session: ${describeApi(c)}`);
                if (c.name === 'session:login' || c.name === 'session:setup') throw new Error(`logged in by a guess: ${describeApi(c)}`);
              }
            });
          }),
          fuzzOptions(FUZZ_RUNS),
        );
        const { login_log: logAfter, ...after } = tableCounts(observer);
        expect(after).toEqual(before);
        expect(logAfter).toBeGreaterThanOrEqual(logBefore!);
        expect((observer.prepare(`SELECT count(*) AS n FROM login_log WHERE outcome = 'ok'`).get() as { n: number }).n).toBe(successesBefore);
      } finally {
        observer.close();
      }
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'valid-looking calls to every call name with random inputs, as an administrator and as an inspector: no 500, well-formed answers',
    async () => {
      await fc.assert(
        fc.asyncProperty(batch(apiCase(fc.constant('valid'), fc.constantFrom<SessionChoice>('admin', 'admin', 'inspector'))), async (cases) => {
          await Promise.all(cases.map(sendApi));
        }),
        fuzzOptions(FUZZ_RUNS * 2),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'malformed HTTP (request lines, targets, framing, headers, pipelining), with and without the token: an answer or a clean close',
    async () => {
      const anyToken = fc.constantFrom<TokenChoice>('valid', 'valid', 'none', 'wrong', 'twice');
      await fc.assert(
        fc.asyncProperty(batch(rawCase(anyToken)), async (cases) => {
          await Promise.all(cases.map(sendRaw));
        }),
        fuzzOptions(FUZZ_RUNS),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'session:login guesses never create a session (the clock moves on so that every guess is really checked)',
    async () => {
      // A host of its own whose clock the test moves past the address limit and the account lock-outs.
      let clock = Date.parse('2026-03-02T09:00:00+08:00');
      const guessDir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-guess-'));
      const guessStore = openStore(path.join(guessDir, 'guess.sqlite'), { transport: 'http', now: () => clock });
      let guessServer: BrowserServer | null = null;
      try {
        expect((await invokeCall(guessStore.handlers, 'demo:load', { incidents: 0, seed: 7, until: '2026-03-01' })).ok).toBe(true);
        guessServer = await startBrowserServer({ handlers: guessStore.handlers, staticDir: path.join(dir, 'renderer') });
        const names = guessStore.db.prepare(`SELECT name FROM operators ORDER BY id`).pluck().all() as string[];
        const password = demoPassword;
        const variants = [
          password.toUpperCase(),
          `${password} `,
          ` ${password}`,
          password.slice(0, -1),
          `${password}${password.slice(-1)}`,
          `\u0000${password}`,
          `${password}\n`,
          password.split('').reverse().join(''),
          `${password}' OR '1'='1`,
        ];
        const guess = fc.record({
          name: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: plausibleString }, { weight: 1, arbitrary: fc.constantFrom(...names).map((n) => ` ${n}\u200b`) }),
          secret: fc
            .oneof({ weight: 3, arbitrary: fc.constantFrom(...variants) }, { weight: 2, arbitrary: plausibleString }, { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 130 }) })
            // The same password by design: full-width input (NFKC). (Trailing NULs, which scrypt's HMAC would
            // pad away, are refused as control characters, so they stay in the guesses.)
            .filter((secret) => secret.normalize('NFKC') !== password),
          session: fc.constantFrom<SessionChoice>('none', 'random'),
          randomSession: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('base64url')),
        });
        const sessionStore = gateOf(guessStore.handlers)!.sessions as unknown as { sessions: Map<string, unknown> };
        let attempts = 0;
        const checked = new Map<number, number>();
        await fc.assert(
          fc.asyncProperty(guess, async (g) => {
            attempts += 1;
            // Fewer than the address limit per window, and past every account's lock-out: the secret is checked.
            if (attempts % 4 === 0) clock += LOCKOUT_MS + 60_000;
            const body = Buffer.from(JSON.stringify({ name: g.name, secret: g.secret }));
            const result = await exchange(
              guessServer!.port,
              rawRequest(
                'POST',
                '/api/session:login',
                [
                  ['Host', `127.0.0.1:${guessServer!.port}`],
                  [TOKEN_HEADER, guessServer!.token],
                  ...(g.session === 'random' ? [[SESSION_HEADER, g.randomSession] as [string, string]] : []),
                  ['Content-Type', 'application/json'],
                  ['Content-Length', String(body.length)],
                  ['Connection', 'close'],
                ],
                body,
              ),
            );
            check(result, `login ${JSON.stringify(g)}`, { mustAnswer: true });
            const answer = result.responses[0]!;
            checked.set(answer.status, (checked.get(answer.status) ?? 0) + 1);
            if (answer.status === 200 || envelope(answer)?.ok) throw new Error(`a guess logged in: ${JSON.stringify(g)}`);
            expect(sessionStore.sessions.size).toBe(0);
          }),
          fuzzOptions(Math.max(20, Math.round(FUZZ_RUNS / 5))),
        );
        const outcomes = Object.fromEntries(
          (guessStore.db.prepare(`SELECT outcome, count(*) AS n FROM login_log GROUP BY outcome`).all() as { outcome: string; n: number }[]).map((r) => [r.outcome, r.n]),
        );
        expect(outcomes.ok ?? 0).toBe(0);
        // The guesses reached the password check (not only the address limit).
        expect((outcomes['wrong-secret'] ?? 0) + (outcomes.locked ?? 0)).toBeGreaterThan(attempts / 3);
        // And the real password still opens the door: the test could see a success.
        clock += LOCKOUT_MS + 60_000;
        const real = await fetch(`${guessServer.origin}/api/session:login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [TOKEN_HEADER]: guessServer.token },
          body: JSON.stringify({ name: names[0], secret: password }),
        });
        expect(real.status).toBe(200);
        expect(sessionStore.sessions.size).toBe(1);
        console.log(`login guesses: ${attempts}, answers ${JSON.stringify(Object.fromEntries(checked))}, login log ${JSON.stringify(outcomes)}`);
      } finally {
        await guessServer?.close();
        guessStore.close();
        fs.rmSync(guessDir, { recursive: true, force: true });
      }
    },
    FUZZ_TIMEOUT_MS,
  );

  it('after the fuzz the process still answers a probe at once', async () => {
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    const probe = await exchange(server.port, rawRequest('POST', '/api/app:info', [['Host', host], [TOKEN_HEADER, server.token], ['Content-Type', 'application/json'], ['Content-Length', '2'], ['Connection', 'close']], Buffer.from('{}')));
    const ms = performance.now() - started;
    expect(probe.responses[0]?.status).toBe(200);
    expect(envelope(probe.responses[0]!)).toMatchObject({ ok: true, value: { transport: 'http' } });
    expect(ms).toBeLessThan(100);
    // The fuzz's own administrator session survived (nothing it sent could take it away).
    expect((await call('security:get', {}, sessions.admin)).status).toBe(200);
    console.log(
      `http fuzz: ${stats.requests} requests (${stats.answered} answered, ${stats.closed} closed without an answer, ${stats.ok} ok), slowest ${Math.round(stats.slowestMs)} ms, probe ${ms.toFixed(1)} ms; statuses ${JSON.stringify(Object.fromEntries([...stats.byStatus].sort((a, b) => a[0] - b[0])))}`,
    );
  });
});
