/**
 * Every call that needs a session can find it gone: idle-locked (the host's message names the lock) or
 * ended (logged out elsewhere, expired, the operator deactivated or given another role). The client the
 * page uses is wrapped so each such failure is reported once, wherever it happened — a cached read, a
 * write, an upload through the raw client — and the session gate shows the lock or the login screen.
 * Public calls (the login itself, unlock with a wrong password) are not watched, nor is changing one's
 * own password (a wrong current password, or the lock-out it can cause, is the dialog's to show).
 */
import { createContext } from 'react';
import { api, callNames, type ApiClient, type CallName } from '../../electron/contract';
import { ApiError } from './client';

export type SessionLoss = 'locked' | 'signed-out';

/** What an error means for the session, if anything. */
export function sessionLossOf(error: unknown): SessionLoss | null {
  if (!(error instanceof ApiError) || error.kind !== 'unauthorized') return null;
  return error.message.includes('锁定') ? 'locked' : 'signed-out';
}

export interface AuthWatch {
  report(loss: SessionLoss): void;
  subscribe(listener: (loss: SessionLoss) => void): () => void;
}

export function createAuthWatch(): AuthWatch {
  const listeners = new Set<(loss: SessionLoss) => void>();
  return {
    report(loss) {
      for (const listener of [...listeners]) listener(loss);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const isWatched = (name: CallName) => api[name].access !== 'public' && name !== 'session:change-password';

/** The same client, reporting each lost session to the watch. */
export function watchClient(client: ApiClient, watch: AuthWatch): ApiClient {
  const watched: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of callNames) {
    const call = client[name] as (input: unknown) => Promise<unknown>;
    watched[name] = isWatched(name)
      ? async (input: unknown) => {
          try {
            return await call(input);
          } catch (e) {
            const loss = sessionLossOf(e);
            if (loss) watch.report(loss);
            throw e;
          }
        }
      : call;
  }
  return Object.freeze(watched) as unknown as ApiClient;
}

/** The watch of the client the page uses; provided by ApiProvider. */
export const AuthWatchContext = createContext<AuthWatch | null>(null);
