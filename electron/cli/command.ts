import type { ParseArgsConfig } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../db/errors';
import { invokeCall } from '../handlers/invoke';
import type { CallName, CallOutput, Handlers } from '../contract';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export type OptionValues = Record<string, string | boolean | undefined>;

/** One CLI command: its own file in electron/cli/commands/, listed in electron/cli/commands/index.ts. */
export interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** Names of the options that may also be given as positional arguments, in order (e.g. import FILE). */
  readonly positionals?: readonly string[];
  run(values: OptionValues, io: CliIo): Promise<number> | number;
}

export const dbOption = { db: { type: 'string' } } as const;
export const jsonOption = { json: { type: 'boolean' } } as const;

/** Runs a call through the same validation as every transport; an error envelope becomes an AppError. */
export async function call<K extends CallName>(handlers: Handlers, name: K, input: unknown): Promise<CallOutput<K>> {
  const result = await invokeCall(handlers, name, input);
  if (!result.ok) throw new AppError(result.error.kind, result.error.message);
  return result.value as CallOutput<K>;
}

export function requireDb(values: Record<string, unknown>): string {
  const db = values.db;
  if (typeof db !== 'string' || db.trim() === '') throw new AppError('invalid-input', '缺少 --db PATH（数据库文件路径）');
  return path.resolve(db);
}

export function requireExistingDb(values: Record<string, unknown>): string {
  const file = requireDb(values);
  if (!fs.existsSync(file)) throw new AppError('not-found', `数据库文件不存在：${file}（先运行 init --db ${file}）`);
  return file;
}

export function integerOption(name: string, value: unknown): number {
  const n = Number(value);
  if (typeof value !== 'string' || !/^-?\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new AppError('invalid-input', `--${name} 应为整数，收到：${String(value)}`);
  }
  return n;
}

