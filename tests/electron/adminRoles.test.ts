/**
 * Finding 3 ("changes with no name"): administrative changes need an administrator's session and leave a
 * record with who, when, and the value before and after. Over real HTTP.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type OpenedStore } from '../../electron/host';
import { startBrowserServer, type BrowserServer } from '../../electron/server/httpServer';
import { SESSION_HEADER, TOKEN_HEADER } from '../../db/domain/transport';
import { tempDir } from '../helpers/tmp';

let store: OpenedStore;
let server: BrowserServer;

beforeEach(async () => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'renderer'));
  store = openStore(path.join(dir, 'r.sqlite'), { transport: 'http' });
  server = await startBrowserServer({ handlers: store.handlers, staticDir: path.join(dir, 'renderer') });
});

afterEach(async () => {
  await server.close();
  store.db.close();
});

interface Answer {
  status: number;
  ok: boolean;
  value?: unknown;
  error?: { kind: string; message: string };
}

async function call(name: string, body: unknown, session?: string): Promise<Answer> {
  const res = await fetch(`${server.origin}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token, ...(session ? { [SESSION_HEADER]: session } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, ...((await res.json()) as Omit<Answer, 'status'>) };
}

async function sessions() {
  const admin = ((await call('session:setup', { name: '管理员', secret: 'Admin#2026' })).value as { token: string }).token;
  const as = async (name: string, role: string) => {
    await call('operators:create', { name, role, secret: 'Pass#2026' }, admin);
    return ((await call('session:login', { name, secret: 'Pass#2026' })).value as { token: string }).token;
  };
  return { admin, supervisor: await as('监督员', 'supervisor'), inspector: await as('巡查员', 'inspector'), manager: await as('科长', 'manager') };
}

describe('finding 3: every administrative change has a name and a record', () => {
  it('category limits, calendar, counting rule and basemap: administrators only, each on the settings log with before and after', async () => {
    const s = await sessions();
    const category = (store.db.prepare(`SELECT id, name FROM categories WHERE kind = 'event' AND code = '0102'`).get() as { id: number; name: string });
    const changes: [string, unknown][] = [
      ['categories:update', { id: category.id, handlingLimit: 365, handlingUnit: 'wd' }],
      ['calendar:set-day', { date: '2026-12-31', kind: 'holiday', name: '跨年' }],
      ['calendar:set-periods', { periods: [{ start: '09:00', end: '12:00' }] }],
      ['stats:set-rule', { rule: 'closed-based' }],
      ['map:set-basemap', { xyzUrl: 'http://tiles.local/{z}/{x}/{y}.png', xyzCrs: 'wgs84', mbtilesPath: null, mbtilesCrs: 'wgs84' }],
    ];
    const logCount = () => (store.db.prepare(`SELECT count(*) AS n FROM settings_log`).get() as { n: number }).n;
    const before = logCount();
    for (const [name, input] of changes) {
      for (const who of [s.supervisor, s.inspector, s.manager]) {
        expect(await call(name, input, who), name).toMatchObject({ status: 403, ok: false, error: { kind: 'forbidden' } });
      }
      expect(await call(name, input), name).toMatchObject({ status: 401 });
    }
    expect(logCount()).toBe(before);
    expect((store.db.prepare(`SELECT handling_limit FROM categories WHERE id = ?`).get(category.id) as { handling_limit: number }).handling_limit).toBe(4);
    for (const [name, input] of changes) {
      const r = await call(name, input, s.admin);
      expect(r.ok, `${name}: ${r.error?.message}`).toBe(true);
    }
    const log = ((await call('settings:log', { limit: 5 }, s.admin)).value as { items: { action: string; actorName: string; target: string; before: unknown; after: unknown }[] }).items;
    expect(log.map((e) => e.action)).toEqual(['map.basemap', 'stats.rule', 'calendar.periods', 'calendar.day', 'category.update']);
    expect(log.every((e) => e.actorName === '管理员')).toBe(true);
    const limit = log[4]!;
    expect(limit.target).toContain(category.name);
    expect(limit).toMatchObject({ before: { handlingLimit: 4 }, after: { handlingLimit: 365, handlingUnit: 'wd' } });
    expect(log[1]).toMatchObject({ before: 'standard', after: 'closed-based' });
  });

  it('persons and duties: supervisors and administrators, each change logged; an operatorId in the body is refused', async () => {
    const s = await sessions();
    expect(await call('persons:create', { name: '新人' }, s.inspector)).toMatchObject({ status: 403 });
    expect((await call('persons:create', { name: '新人', phone: '13800000000' }, s.supervisor)).ok).toBe(true);
    const smuggled = await call('persons:create', { name: '冒名', operatorId: 1 }, s.supervisor);
    expect(smuggled).toMatchObject({ status: 400, error: { kind: 'invalid-input', message: expect.stringContaining('operatorId') } });
    const entry = store.db.prepare(`SELECT actor_name, action, target FROM settings_log ORDER BY id DESC LIMIT 1`).get();
    expect(entry).toEqual({ actor_name: '监督员', action: 'person.create', target: '责任人「新人」' });
  });
});
