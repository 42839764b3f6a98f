/** Handlers of the session slice: logging in and out, the idle lock, accounts, security settings, logs. */
import type { Db } from '../../db/open';
import { AppError } from '../../db/domain/errors';
import {
  DEMO_PASSWORD,
  authenticate,
  changeOwnPassword,
  confirmSecret,
  createAccount,
  demoAccounts,
  isEmptyDatabase,
  listAccounts,
  listLoginLog,
  getAccount,
  logLogin,
  needsSetup,
  resetPassword,
  setActive,
  setRole,
  setupAdministrator,
  type Account,
} from '../../db/trust/accounts';
import { listSettingsLog } from '../../db/trust/settingsLog';
import { readSecurity, writeSecurity } from '../../db/trust/security';
import type { CallContext, Caller, SliceHandlers, sessionCalls } from '../contract';
import { actorOf } from './gate';
import type { SessionStore } from './sessions';

/** Bound by the Electron IPC layer: a login over IPC keeps its token per window. */
export interface SessionBinding {
  onLogin?(caller: Caller, token: string): void;
  onLogout?(caller: Caller): void;
}

export function sessionHandlers(deps: { db: Db; now: () => number; sessions: SessionStore }): SliceHandlers<typeof sessionCalls> {
  const { db, now, sessions } = deps;
  const callerOf = (ctx: CallContext | undefined): Caller => ctx?.caller ?? { transport: 'direct', session: null, address: 'cli' };

  const login = (account: Account, caller: Caller) => {
    const session = sessions.create(account.id, caller.address);
    return { token: session.token, operator: account };
  };

  const refuseIfLimited = (caller: Caller) => {
    if (sessions.isAddressLimited(caller.address)) {
      logLogin(db, { name: '', operatorId: null, address: caller.address, outcome: 'rate-limited' }, now());
      throw new AppError('unauthorized', '此地址登录失败次数过多：请 5 分钟后再试');
    }
  };

  return {
    'session:status': (_input, ctx) => {
      const caller = callerOf(ctx);
      const state = sessions.resolve(caller.session, false);
      const operator = state.state === 'ok' || state.state === 'locked' ? getAccount(db, state.session.operatorId) : null;
      const accounts = demoAccounts(db);
      return {
        needsSetup: needsSetup(db),
        isEmpty: isEmptyDatabase(db),
        operator,
        locked: state.state === 'locked',
        idleLockMinutes: readSecurity(db).idleLockMinutes,
        demo: accounts.length ? { password: DEMO_PASSWORD, accounts } : null,
      };
    },
    'session:setup': ({ name, secret }, ctx) => {
      const caller = callerOf(ctx);
      const account = setupAdministrator(db, { name, secret }, now());
      return login(account, caller);
    },
    'session:login': ({ name, secret }, ctx) => {
      const caller = callerOf(ctx);
      refuseIfLimited(caller);
      try {
        const account = authenticate(db, { name, secret, address: caller.address }, now());
        if (caller.session) sessions.end(caller.session);
        return login(account, caller);
      } catch (e) {
        sessions.recordFailure(caller.address);
        throw e;
      }
    },
    'session:logout': (_input, ctx) => {
      const caller = callerOf(ctx);
      const state = sessions.resolve(caller.session, false);
      if (state.state === 'ok' || state.state === 'locked') {
        logLogin(db, { name: getAccount(db, state.session.operatorId).name, operatorId: state.session.operatorId, address: caller.address, outcome: 'logout' }, now());
        sessions.end(state.session.token);
      }
      return null;
    },
    'session:lock': (_input, ctx) => {
      const caller = callerOf(ctx);
      if (caller.session) sessions.lock(caller.session);
      return null;
    },
    'session:unlock': ({ secret }, ctx) => {
      const caller = callerOf(ctx);
      refuseIfLimited(caller);
      const state = sessions.resolve(caller.session, false);
      if (state.state === 'ok') return null;
      if (state.state !== 'locked') throw new AppError('unauthorized', '登录已过期：请重新登录');
      try {
        confirmSecret(db, state.session.operatorId, secret, caller.address, now());
      } catch (e) {
        sessions.recordFailure(caller.address);
        throw e;
      }
      sessions.unlock(state.session.token);
      return null;
    },
    // The gate has already marked the session active; nothing else to do.
    'session:touch': () => null,
    'session:change-password': ({ current, next }, ctx) => {
      const actor = actorOf(ctx);
      if (actor.operatorId === null) throw new AppError('forbidden', '命令行没有密码可修改');
      changeOwnPassword(db, { ...actor, operatorId: actor.operatorId }, current, next, callerOf(ctx).address, now());
      return null;
    },
    'operators:accounts': () => listAccounts(db),
    'operators:create': (input, ctx) => createAccount(db, actorOf(ctx), input, now()),
    'operators:set-role': ({ id, role }, ctx) => {
      const account = setRole(db, actorOf(ctx), id, role, now());
      sessions.endOperator(id, callerOf(ctx).session ?? undefined);
      return account;
    },
    'operators:reset-password': ({ id, secret }, ctx) => {
      const account = resetPassword(db, actorOf(ctx), id, secret, now());
      sessions.endOperator(id, callerOf(ctx).session ?? undefined);
      return account;
    },
    'operators:set-active': ({ id, isActive }, ctx) => {
      const account = setActive(db, actorOf(ctx), id, isActive, now());
      if (!isActive) sessions.endOperator(id);
      return account;
    },
    'security:get': () => readSecurity(db),
    'security:set': (input, ctx) => writeSecurity(db, actorOf(ctx), input, now()),
    'settings:log': (input) => listSettingsLog(db, input),
    'settings:login-log': ({ limit }) => listLoginLog(db, limit),
  };
}
