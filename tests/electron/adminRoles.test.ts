import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../electron/host';
import { invokeCall } from '../../electron/handlers/invoke';
import { tempDir } from '../helpers/tmp';

describe('reference data is edited by supervisors and administrators only', () => {
  it('refuses an inspector, a manager and an unknown operator, and accepts a supervisor', async () => {
    const store = openStore(path.join(tempDir(), 'r.sqlite'), { transport: 'direct' });
    const op = store.db.prepare(`INSERT INTO operators (name, role, created_at) VALUES (?, ?, 0)`);
    const supervisor = Number(op.run('监督员', 'supervisor').lastInsertRowid);
    const inspector = Number(op.run('巡查员', 'inspector').lastInsertRowid);
    const manager = Number(op.run('科长', 'manager').lastInsertRowid);
    const category = (store.db.prepare(`SELECT id FROM categories WHERE kind = 'event' AND code = '0102'`).get() as { id: number }).id;
    for (const [operatorId, kind] of [[inspector, 'forbidden'], [manager, 'forbidden'], [999, 'not-found']] as const) {
      const r = await invokeCall(store.handlers, 'categories:update', { operatorId, id: category, handlingLimit: 9 });
      expect(r).toMatchObject({ ok: false, error: { kind } });
      const p = await invokeCall(store.handlers, 'persons:create', { operatorId, name: '新人' });
      expect(p.ok).toBe(false);
      const d = await invokeCall(store.handlers, 'calendar:set-day', { operatorId, date: '2026-12-31', kind: 'holiday' });
      expect(d.ok).toBe(false);
    }
    expect((store.db.prepare(`SELECT handling_limit FROM categories WHERE id = ?`).get(category) as { handling_limit: number }).handling_limit).toBe(4);
    const ok = await invokeCall(store.handlers, 'categories:update', { operatorId: supervisor, id: category, handlingLimit: 9 });
    expect(ok).toMatchObject({ ok: true, value: { handlingLimit: 9 } });
    const person = await invokeCall(store.handlers, 'persons:create', { operatorId: supervisor, name: '新人' });
    expect(person.ok).toBe(true);
    const missing = await invokeCall(store.handlers, 'persons:create', { name: '无操作员' });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'invalid-input', message: expect.stringMatching(/operatorId/) } });
    store.db.close();
  });
});
