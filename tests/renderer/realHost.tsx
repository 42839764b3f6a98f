/**
 * A renderer test against the real host: the demo-free desk fixture (a small district on a temporary SQLite
 * file), the real handlers behind the gate, and the page's own client over a bridge that calls them as the
 * given operator — so what the page shows is what the host answers, refusals and their messages included.
 */
import path from 'node:path';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { Account, Actor } from '../../electron/contract';
import { createHandlers } from '../../electron/handlers/index';
import { invokeCall } from '../../electron/handlers/invoke';
import { directCaller } from '../../electron/auth/gate';
import { ApiProvider } from '../../renderer/api/ApiProvider';
import { createClient } from '../../renderer/api/client';
import { OperatorContext } from '../../renderer/features/session/sessionContext';
import { ToastProvider } from '../../renderer/ui/ToastProvider';
import { deskFixture, sh, type DeskFixture } from '../helpers/deskFixture';

export interface RealHost {
  readonly f: DeskFixture;
  /** Calls the host directly (to set up or to read what was stored), as the supervisor unless told. */
  readonly ok: <T>(name: string, input: unknown, operatorId?: number) => Promise<T>;
  /** Renders a page as the shell does, logged in as the operator. */
  readonly renderAs: (ui: ReactElement, operatorId: number) => ReturnType<typeof render>;
  /** Moves the host's clock. */
  readonly at: (local: string) => void;
}

export function realHost(start = '2026-11-24T09:00'): RealHost {
  const f = deskFixture();
  let clock = sh(start);
  const handlers = createHandlers({ db: f.db, databasePath: path.join(path.dirname(f.db.name), 'x.sqlite'), transport: 'direct', version: 'test', now: () => clock });
  const actor = (id: number): Actor => {
    const o = f.db.prepare(`SELECT id, name, role, person_id FROM operators WHERE id = ?`).get(id) as { id: number; name: string; role: Actor['role']; person_id: number | null };
    return { operatorId: o.id, name: o.name, role: o.role, personId: o.person_id };
  };
  const account = (id: number): Account => {
    const a = actor(id);
    return { id, name: a.name, role: a.role, personId: a.personId, isActive: true, hasPassword: true, isDemo: false, lockedUntil: null };
  };
  const ok = async <T,>(name: string, input: unknown, operatorId = f.operators.supervisor): Promise<T> => {
    const r = await invokeCall(handlers, name, input, directCaller(actor(operatorId)));
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.value as T;
  };
  const renderAs = (ui: ReactElement, operatorId: number) => {
    const bridge = new Proxy({}, { get: (_t, name: string) => (input: unknown) => invokeCall(handlers, name, input, directCaller(actor(operatorId))) });
    const client = createClient({ bridge });
    return render(
      <ApiProvider client={client}>
        <ToastProvider>
          <OperatorContext value={account(operatorId)}>{ui}</OperatorContext>
        </ToastProvider>
      </ApiProvider>,
    );
  };
  return { f, ok, renderAs, at: (local) => void (clock = sh(local)) };
}
