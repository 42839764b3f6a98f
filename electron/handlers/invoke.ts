import type { z } from 'zod';
import { AppError, isAppError } from '../../db/errors';
import { api, isCallName, type CallName, type Handlers, type Result } from '../contract';

/**
 * The one entry point every transport uses: look the call up, validate its input against the
 * contract, run the handler, and wrap the outcome in a Result envelope. Never throws.
 */
export async function invokeCall(handlers: Handlers, name: string, rawInput: unknown): Promise<Result<unknown>> {
  try {
    if (!isCallName(name)) {
      throw new AppError('not-found', `未知的调用：${JSON.stringify(name).slice(0, 100)}`);
    }
    const input = parseInput(name, rawInput ?? {});
    const handler = handlers[name] as (input: unknown) => unknown;
    const value = await handler(input);
    return { ok: true, value: value === undefined ? null : value };
  } catch (e) {
    return { ok: false, error: toErrorPayload(e) };
  }
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
  if (isAppError(e)) return { kind: e.kind, message: e.message };
  const sqliteCode = (e as { code?: unknown }).code;
  const message = e instanceof Error ? e.message : String(e);
  if (typeof sqliteCode === 'string' && sqliteCode.startsWith('SQLITE_CONSTRAINT')) {
    return { kind: 'conflict', message: `数据不符合约束，未作修改：${message}` };
  }
  return { kind: 'internal', message: `内部错误：${message}` };
}
