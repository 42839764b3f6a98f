import { createContext } from 'react';
import type { Account } from '../../../electron/contract';

/** The logged-in operator: who acts, for permissions and for the names the desk shows. */
export const OperatorContext = createContext<Account | null>(null);

export interface SessionApi {
  readonly operator: Account;
  /** Minutes without mouse or keyboard before the desk locks; 0 = never. */
  readonly idleLockMinutes: number;
  /** Lock the desk now (the page stays as it is under the lock screen). */
  readonly lock: () => void;
  /** End the session; the login screen follows. */
  readonly logout: () => Promise<void>;
}

export const SessionContext = createContext<SessionApi | null>(null);
