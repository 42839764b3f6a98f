/**
 * The gate every call passes through before its handler runs: who is acting is decided here, from the
 * transport's session (never from the request body), and the call's declared access is enforced.
 */
import os from 'node:os';
import type { Db } from '../../db/open';
import { AppError } from '../../db/domain/errors';
import { OPERATOR_ROLE_LABELS } from '../../db/domain/labels';
import { getAccount } from '../../db/trust/accounts';
import { api, type Access, type Actor, type CallContext, type CallName, type Caller, type Handlers } from '../contract';
import type { SessionStore } from './sessions';

/** The command line on this PC: it acts as the PC's own administrator (it can open the file anyway). */
export function systemActor(): Actor {
  let user = 'system';
  try {
    user = os.userInfo().username;
  } catch {
    // no user database (some containers): keep 'system'
  }
  return { operatorId: null, name: `命令行（${user}）`, role: 'admin', personId: null };
}

/** A caller for in-process code: the command line, or a test acting as one operator. */
export function directCaller(actor?: Actor): Caller {
  return actor ? { transport: 'direct', session: null, address: 'cli', actor } : { transport: 'direct', session: null, address: 'cli' };
}

export interface Gate {
  readonly sessions: SessionStore;
  /** The context a call runs with, or a refusal (unauthorized / forbidden). */
  admit(name: CallName, caller: Caller): CallContext;
}

export function createGate(db: Db, sessions: SessionStore): Gate {
  return {
    sessions,
    admit(name, caller) {
      const { access, background } = api[name];
      if (caller.transport === 'direct') return checkRole(access, caller.actor ?? systemActor(), caller);
      // A call the desk makes on a timer is not the operator at work: it must not keep the idle lock away.
      const resolved = sessions.resolve(caller.session, access !== 'public' && !background);
      let actor: Actor | null = null;
      if (resolved.state === 'ok') {
        const account = getAccount(db, resolved.session.operatorId);
        if (!account.isActive) {
          sessions.end(resolved.session.token);
          if (access !== 'public') throw new AppError('unauthorized', `操作员「${account.name}」已停用：请联系管理员`);
        } else {
          actor = { operatorId: account.id, name: account.name, role: account.role, personId: account.personId };
        }
      }
      if (access === 'public') return { actor, caller };
      if (!actor) {
        if (resolved.state === 'locked') throw new AppError('unauthorized', '会话已因闲置而锁定：请输入密码解锁');
        if (resolved.state === 'expired') throw new AppError('unauthorized', '登录已过期：请重新登录');
        throw new AppError('unauthorized', '请先登录');
      }
      return checkRole(access, actor, caller);
    },
  };
}

function checkRole(access: Access, actor: Actor, caller: Caller): CallContext {
  if (access !== 'public' && access !== 'session' && !access.includes(actor.role)) {
    const allowed = access.map((r) => OPERATOR_ROLE_LABELS[r]).join('、');
    throw new AppError('forbidden', `操作员「${actor.name}」（${OPERATOR_ROLE_LABELS[actor.role]}）不能执行此操作：需${allowed}`);
  }
  return { actor, caller };
}

const gates = new WeakMap<Handlers, Gate>();

/** Binds the gate to a handler map (done by createHandlers); invokeCall refuses a map without one. */
export function bindGate(handlers: Handlers, gate: Gate): void {
  gates.set(handlers, gate);
}

export function gateOf(handlers: Handlers): Gate | undefined {
  return gates.get(handlers);
}

/** The acting operator inside a handler: from the gate, or the command line for in-process calls. */
export function actorOf(ctx: CallContext | undefined): Actor {
  if (!ctx) return systemActor();
  if (!ctx.actor) throw new AppError('unauthorized', '请先登录');
  return ctx.actor;
}

/** The acting operator's id, for steps that are always an operator's (not the command line's). */
export function operatorIdOf(ctx: CallContext | undefined, what = '此操作'): number {
  const actor = actorOf(ctx);
  if (actor.operatorId === null) throw new AppError('forbidden', `${what}需由已登录的操作员执行`);
  return actor.operatorId;
}
