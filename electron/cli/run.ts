import { parseArgs, type ParseArgsConfig } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, isAppError } from '../../db/errors';
import { checkIntegrity, openDatabase } from '../../db/open';
import { invokeCall } from '../handlers/invoke';
import { openStore } from '../host';
import type { CallName, CallOutput, Handlers } from '../contract';
import type { DemoLoadResult, Grid } from '../../db/types';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  run(values: Record<string, string | boolean | undefined>, io: CliIo): Promise<number> | number;
}

const dbOption = { db: { type: 'string' } } as const;
const jsonOption = { json: { type: 'boolean' } } as const;

const commands: Record<string, Command> = {
  init: {
    summary: '创建或升级数据库；--demo 载入演示城区',
    usage:
      'init --db PATH [--demo] [--seed N] [--until YYYY-MM-DD] [--incidents N] [--json]\n' +
      '  Creates the database (or migrates an existing one, backing it up first) and loads the default\n' +
      '  category table and holiday calendar. --demo generates the demo district (214 grids, persons,\n' +
      '  12 weeks of cases ending in the week of --until, default today) from --seed (default 20170822).',
    options: {
      ...dbOption,
      ...jsonOption,
      demo: { type: 'boolean' },
      seed: { type: 'string' },
      until: { type: 'string' },
      incidents: { type: 'string' },
    },
    async run(values, io) {
      const dbPath = requireDb(values);
      const store = openStore(dbPath, { transport: 'direct' });
      try {
        let demo: DemoLoadResult | null = null;
        if (values.demo) {
          demo = await call(store.handlers, 'demo:load', {
            ...(values.seed !== undefined ? { seed: integerOption('seed', values.seed) } : {}),
            ...(values.until !== undefined ? { until: String(values.until) } : {}),
            ...(values.incidents !== undefined ? { incidents: integerOption('incidents', values.incidents) } : {}),
          });
        }
        const info = await call(store.handlers, 'app:info', {});
        const result = {
          database: store.databasePath,
          schemaVersion: info.schemaVersion,
          migratedFrom: store.migration.from,
          backupPath: store.migration.backupPath,
          counts: info.counts,
          demo,
        };
        if (values.json) io.stdout(JSON.stringify(result, null, 2) + '\n');
        else {
          io.stdout(`数据库：${result.database}（结构版本 ${result.schemaVersion}）\n`);
          if (result.backupPath) io.stdout(`升级前备份：${result.backupPath}\n`);
          if (demo) {
            io.stdout(
              `演示城区：${demo.grids} 个网格，${demo.persons} 名人员，${demo.incidents} 件案件（种子 ${demo.seed}，截至 ${demo.until}）\n`,
            );
          }
        }
        return 0;
      } finally {
        store.db.close();
      }
    },
  },
  grids: {
    summary: '列出网格（区、街道、社区网格）',
    usage: 'grids --db PATH [--level 1|2|3] [--json]\n  Lists the grids with their 15-digit codes, levels and parents.',
    options: { ...dbOption, ...jsonOption, level: { type: 'string' } },
    async run(values, io) {
      const store = openStore(requireExistingDb(values), { transport: 'direct' });
      try {
        const level = values.level !== undefined ? integerOption('level', values.level) : undefined;
        const grids: Grid[] = await call(store.handlers, 'grids:list', level !== undefined ? { level } : {});
        if (values.json) {
          io.stdout(JSON.stringify(grids, null, 2) + '\n');
        } else {
          for (const g of grids) {
            io.stdout(`${g.code}  ${'  '.repeat(g.level - 1)}${g.name}  (上级 ${g.parentCode ?? '—'})\n`);
          }
          io.stdout(`共 ${grids.length} 个网格\n`);
        }
        return 0;
      } finally {
        store.db.close();
      }
    },
  },
  check: {
    summary: '检查数据库完整性与结构版本（只读）',
    usage:
      'check --db PATH [--json]\n' +
      '  Read-only: SQLite integrity check, foreign keys, and the schema version against this GridDesk.\n' +
      '  Exit 0 when all is well, 1 when a problem is found.',
    options: { ...dbOption, ...jsonOption },
    run(values, io) {
      const { db } = openDatabase(requireExistingDb(values), { readonly: true });
      try {
        const report = checkIntegrity(db);
        if (values.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
        else {
          io.stdout(`完整性：${report.integrity.join('; ')}\n`);
          io.stdout(`外键问题：${report.foreignKeyViolations}\n`);
          io.stdout(`结构版本：${report.schemaVersion}（本程序为 ${report.latestSchemaVersion}）\n`);
          io.stdout(report.ok ? '结果：正常\n' : '结果：发现问题\n');
        }
        if (!report.ok && !values.json) {
          io.stderr(
            report.schemaVersion < report.latestSchemaVersion
              ? `griddesk: 数据库结构版本较旧（${report.schemaVersion}），打开时会自动升级\n`
              : 'griddesk: 数据库完整性检查未通过\n',
          );
        }
        return report.ok ? 0 : 1;
      } finally {
        db.close();
      }
    },
  },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return (
    'GridDesk 网格案件管理 — 命令行\n\n' +
    '用法：npm run --silent cli -- <命令> [选项]\n\n命令：\n' +
    lines.join('\n') +
    '\n\n每个命令都支持 --help。\n'
  );
}

async function call<K extends CallName>(handlers: Handlers, name: K, input: unknown): Promise<CallOutput<K>> {
  const result = await invokeCall(handlers, name, input);
  if (!result.ok) throw new AppError(result.error.kind, result.error.message);
  return result.value as CallOutput<K>;
}

function requireDb(values: Record<string, unknown>): string {
  const db = values.db;
  if (typeof db !== 'string' || db.trim() === '') throw new AppError('invalid-input', '缺少 --db PATH（数据库文件路径）');
  return path.resolve(db);
}

function requireExistingDb(values: Record<string, unknown>): string {
  const file = requireDb(values);
  if (!fs.existsSync(file)) throw new AppError('not-found', `数据库文件不存在：${file}（先运行 init --db ${file}）`);
  return file;
}

function integerOption(name: string, value: unknown): number {
  const n = Number(value);
  if (typeof value !== 'string' || !/^-?\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new AppError('invalid-input', `--${name} 应为整数，收到：${String(value)}`);
  }
  return n;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`griddesk: 未知命令 "${name}"（可用：${Object.keys(commands).join('、')}；见 --help）\n`);
    return 2;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values as Record<string, string | boolean | undefined>;
  } catch (e) {
    io.stderr(`griddesk ${name}: ${(e as Error).message.split('\n')[0]}（见 ${name} --help）\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`用法：npm run --silent cli -- ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(values, io);
  } catch (e) {
    const message = isAppError(e) ? e.message : `内部错误：${(e as Error).message}`;
    io.stderr(`griddesk ${name}: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    return 1;
  }
}
