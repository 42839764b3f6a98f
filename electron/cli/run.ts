import { parseArgs } from 'node:util';
import { isAppError } from '../../db/errors';
import type { CliIo, OptionValues } from './command';
import { commands } from './commands/index';

export type { CliIo } from './command';

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return (
    'GridDesk 网格案件管理 — 命令行\n\n' +
    '用法：npm run --silent cli -- <命令> [选项]\n\n命令：\n' +
    lines.join('\n') +
    '\n\n每个命令都支持 --help。\n'
  );
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
  let values: OptionValues;
  try {
    const parsed = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: (command.positionals?.length ?? 0) > 0,
    });
    values = parsed.values as OptionValues;
    const names = command.positionals ?? [];
    if (parsed.positionals.length > names.length) {
      throw new Error(`多余的参数：${parsed.positionals.slice(names.length).join(' ')}`);
    }
    parsed.positionals.forEach((value, k) => {
      const name = names[k]!;
      if (values[name] !== undefined) throw new Error(`${name} 给了两次（位置参数和 --${name}）`);
      values[name] = value;
    });
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
