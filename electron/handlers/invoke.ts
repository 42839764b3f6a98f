import type { z } from 'zod';
import { AppError, isAppError } from '../../db/errors';
import { api, isCallName, type CallContext, type CallName, type Caller, type Handlers, type Result } from '../contract';
import { directCaller, gateOf } from '../auth/gate';

/**
 * The one entry point every transport uses: look the call up, admit the caller (the session decides
 * who acts, and the call's declared access is enforced before any input is read), validate the input
 * against the contract, run the handler, and wrap the outcome in a Result envelope. Never throws.
 * In-process callers (the command line) leave `caller` out and act as the PC's administrator.
 */
export async function invokeCall(handlers: Handlers, name: string, rawInput: unknown, caller: Caller = directCaller()): Promise<Result<unknown>> {
  try {
    const { call, input, ctx } = admitCall(handlers, name, rawInput, caller);
    const handler = handlers[call] as (input: unknown, ctx: unknown) => unknown;
    const value = await handler(input, ctx);
    return { ok: true, value: value === undefined ? null : value };
  } catch (e) {
    return { ok: false, error: toErrorPayload(e) };
  }
}

/**
 * Everything before a handler runs, on the thread that holds the sessions: the call looked up, the caller
 * admitted by the gate (who acts comes from the session), the input validated. Throws the refusal.
 * The call host (electron/callHost) runs the admitted call elsewhere with exactly this context and input.
 */
export function admitCall(handlers: Handlers, name: string, rawInput: unknown, caller: Caller): { call: CallName; input: unknown; ctx: CallContext } {
  if (!isCallName(name)) {
    throw new AppError('not-found', `未知的调用：${JSON.stringify(name).slice(0, 100)}`);
  }
  const gate = gateOf(handlers);
  if (!gate && caller.transport !== 'direct') throw new AppError('internal', '会话检查未接入：拒绝执行');
  const ctx = gate ? gate.admit(name, caller) : { actor: caller.actor ?? null, caller };
  const input = parseInput(name, rawInput ?? {});
  return { call: name, input, ctx };
}

export function parseInput(name: CallName, raw: unknown): unknown {
  const parsed = api[name].input.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('invalid-input', `${name} 的输入无效：${describeIssues(parsed.error)}`);
  }
  return parsed.data;
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}：${i.message}` : i.message))
    .join('；');
}

export function toErrorPayload(e: unknown): { kind: AppError['kind']; message: string } {
  const sqliteCode = sqliteCodeOf(e);
  const isBusy = sqliteCode !== null && (sqliteCode.startsWith('SQLITE_BUSY') || sqliteCode.startsWith('SQLITE_LOCKED'));
  // A busy database stays 'busy' even when a layer wrapped it as an internal error on the way up.
  if (isAppError(e) && !(isBusy && e.kind === 'internal')) return { kind: e.kind, message: e.message };
  const message = e instanceof Error ? e.message : String(e);
  if (sqliteCode !== null && sqliteCode.startsWith('SQLITE_CONSTRAINT')) {
    return { kind: 'conflict', message: `数据不符合约束，未作修改：${message}` };
  }
  if (isBusy) {
    return { kind: 'busy', message: '数据库正忙（另一个程序正在写入），请稍后重试' };
  }
  if (sqliteCode !== null && sqliteCode.startsWith('SQLITE_READONLY')) {
    return { kind: 'forbidden', message: '数据库以只读方式打开（另一台主机或程序正在使用它）：不能修改数据' };
  }
  if (sqliteCode === 'SQLITE_FULL') {
    return { kind: 'database', message: '磁盘空间不足，未作修改：请清理磁盘后重试' };
  }
  return { kind: 'internal', message: `内部错误：${message}` };
}

/** The SQLite error code of an error, or of the error that caused it (wrapped a few levels at most). */
function sqliteCodeOf(e: unknown): string | null {
  let current: unknown = e;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
