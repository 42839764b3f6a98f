import { useQueryClient } from '@tanstack/react-query';
import { use, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AppInfo, CallName, SessionStatus } from '../../../electron/contract';
import { AuthWatchContext } from '../../api/authWatch';
import { callKey } from '../../api/cache';
import { useCall, useSetCallData, useWrite } from '../../api/useCall';
import { StartupScreen } from '../../app/StartupScreen';
import { AuthFrame } from './AuthFrame';
import { WelcomeScreen } from '../welcome/WelcomeScreen';
import { LockScreen } from './LockScreen';
import { LoginScreen } from './LoginScreen';
import { SetupScreen } from './SetupScreen';
import { OperatorContext, SessionContext, type SessionApi } from './sessionContext';
import { useIdleTimer } from './useIdleTimer';
import { useApi } from '../../api/useApi';

/** Answers that belong to no operator and are kept when one logs out. */
const KEPT_ON_LOGOUT: ReadonlySet<string> = new Set<CallName>(['app:info', 'session:status']);

/**
 * Nobody works at the desk without logging in. session:status decides what shows: the first start
 * (an empty database: the demo district or the first administrator), setting up an administrator, the
 * login screen, or the desk itself for the logged-in operator — with the lock screen over it when the
 * session is idle-locked. A call that finds the session locked shows the lock screen; one that finds it
 * ended asks session:status again, which brings the login screen. When nobody is logged in, every
 * cached answer of the last operator is dropped.
 */
export function SessionGate({ info, children }: { info: AppInfo; children: ReactNode }) {
  const status = useCall('session:status', {});
  const queryClient = useQueryClient();
  const watch = use(AuthWatchContext);
  // Locked by this page (the idle timer, the 锁定 button, a call refused as locked) before the host's status says so.
  const [isLockedHere, setLockedHere] = useState(false);

  useEffect(
    () =>
      watch?.subscribe((loss) => {
        if (loss === 'locked') setLockedHere(true);
        void queryClient.invalidateQueries({ queryKey: callKey('session:status', {}) });
      }),
    [watch, queryClient],
  );

  const operatorId = status.data?.operator?.id ?? null;
  useEffect(() => {
    if (operatorId !== null) return;
    setLockedHere(false);
    queryClient.removeQueries({ predicate: (q) => !KEPT_ON_LOGOUT.has(String(q.queryKey[0])) });
  }, [operatorId, queryClient]);

  if (status.data === undefined) {
    return <StartupScreen error={status.error} onRetry={status.reload} label="正在检查登录状态…" action="读取登录状态" />;
  }
  // The page's own access token is refused (GridDesk was restarted): nothing works until it is reopened.
  if (status.error?.kind === 'unauthorized') {
    return <StartupScreen error={status.error} onRetry={status.reload} action="读取登录状态" />;
  }
  const current = status.data;
  if (current.operator === null) {
    return (
      <AuthFrame info={info}>
        {current.isEmpty ? <WelcomeScreen /> : current.needsSetup ? <SetupScreen /> : <LoginScreen demo={current.demo} />}
      </AuthFrame>
    );
  }
  return (
    <LoggedIn status={current as LoggedInStatus} isLockedHere={isLockedHere} setLockedHere={setLockedHere}>
      {children}
    </LoggedIn>
  );
}

type LoggedInStatus = SessionStatus & { readonly operator: NonNullable<SessionStatus['operator']> };

interface LoggedInProps {
  readonly status: LoggedInStatus;
  readonly isLockedHere: boolean;
  readonly setLockedHere: (isLocked: boolean) => void;
  readonly children: ReactNode;
}

function LoggedIn({ status, isLockedHere, setLockedHere, children }: LoggedInProps) {
  const queryClient = useQueryClient();
  const setCallData = useSetCallData();
  const lockSession = useWrite('session:lock');
  const unlockSession = useWrite('session:unlock');
  const logoutSession = useWrite('session:logout');
  const isLocked = status.locked || isLockedHere;

  const lock = useCallback(() => {
    setLockedHere(true);
    // The screen locks at once; the host is told so the session stays locked across a reload.
    lockSession({}).catch(() => undefined);
  }, [lockSession, setLockedHere]);

  const logout = useCallback(async () => {
    try {
      await logoutSession({});
    } catch {
      // Logged out here whatever the host said (the token is dropped); the status shows the truth.
    }
    await queryClient.invalidateQueries({ queryKey: callKey('session:status', {}) });
  }, [logoutSession, queryClient]);

  const unlock = useCallback(
    async (secret: string) => {
      try {
        await unlockSession({ secret });
      } catch (e) {
        // A wrong password leaves the desk locked; a session that has ended meanwhile brings the login screen.
        void queryClient.invalidateQueries({ queryKey: callKey('session:status', {}) });
        throw e;
      }
      setLockedHere(false);
      setCallData('session:status', {}, { ...status, locked: false });
      // What failed while the desk was locked is asked again.
      void queryClient.invalidateQueries({ predicate: (q) => q.state.status === 'error' });
    },
    [unlockSession, setLockedHere, setCallData, status, queryClient],
  );

  const api = useApi();
  const touch = useCallback(() => {
    // Best effort: a refused touch (the session ended) shows itself on the next real call.
    api['session:touch']({}).catch(() => undefined);
  }, [api]);
  useIdleTimer(status.idleLockMinutes, lock, !isLocked, touch);

  const session = useMemo<SessionApi>(
    () => ({ operator: status.operator, idleLockMinutes: status.idleLockMinutes, lock, logout }),
    [status.operator, status.idleLockMinutes, lock, logout],
  );

  return (
    <OperatorContext value={status.operator}>
      <SessionContext value={session}>
        {children}
        {isLocked && <LockScreen operator={status.operator} idleLockMinutes={status.idleLockMinutes} onUnlock={unlock} onLogout={logout} />}
      </SessionContext>
    </OperatorContext>
  );
}
