import { use } from 'react';
import type { Account } from '../../../electron/contract';
import { OperatorContext, SessionContext, type SessionApi } from './sessionContext';

/** The logged-in operator (null only outside a session: isolated component tests). */
export function useOperator(): { readonly operator: Account | null } {
  return { operator: use(OperatorContext) };
}

export function useSession(): SessionApi {
  const session = use(SessionContext);
  if (session === null) throw new Error('useSession() needs a logged-in <SessionGate> above it');
  return session;
}
