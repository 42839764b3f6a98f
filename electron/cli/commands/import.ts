import path from 'node:path';
import { openStore } from '../../host';
import { AppError } from '../../../db/errors';
import type { ImportJobStatus, RowIssue } from '../../../db/import/types';
import type { Handlers } from '../../contract';
import { call, dbOption, integerOption, jsonOption, requireExistingDb, type CliIo, type Command } from '../command';

const CRS = ['wgs84', 'gcj02', 'bd09'] as const;
const FORMATS = ['auto', 'csv', 'xlsx', 'geojson', 'gpx', 'open311'] as const;
const ENCODINGS = ['auto', 'utf-8', 'gb18030', 'utf-16le', 'utf-16be'] as const;

export function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new AppError('invalid-input', `--${name} 应为 ${allowed.join('|')}，收到：${String(value)}`);
  }
  return value as T;
}

export function requireFile(values: Record<string, unknown>): string {
  const file = values.file;
  if (typeof file !== 'string' || file.trim() === '') throw new AppError('invalid-input', '缺少要导入的文件：import FILE --db PATH');
  return path.resolve(file);
}

/** Follows a job until it ends, printing progress on stderr when asked. */
export async function waitForJob(handlers: Handlers, start: ImportJobStatus, io: CliIo, showProgress: boolean): Promise<ImportJobStatus> {
  let status = start;
  let last = 0;
  while (status.state === 'running') {
    await new Promise((r) => setTimeout(r, 100));
    status = await call(handlers, 'imports:progress', { jobId: status.jobId });
    if (showProgress && Date.now() - last > 1000) {
      last = Date.now();
      io.stderr(`已读 ${status.rowsRead.toLocaleString('zh-CN')} 行（${status.rowsPerSecond.toLocaleString('zh-CN')} 行/秒）\n`);
    }
  }
  if (status.state === 'failed') throw new AppError((status.error?.kind as AppError['kind']) ?? 'internal', status.error?.message ?? '导入失败');
  if (status.state === 'cancelled') throw new AppError('conflict', '导入已取消，数据库未作任何修改');
  return status;
}

async function allIssues(handlers: Handlers, batchId: number, severity: 'error' | 'warning', total: number): Promise<RowIssue[]> {
  const out: RowIssue[] = [];
  while (out.length < total) {
    const page = await call(handlers, 'imports:issues', { batchId, severity, offset: out.length, limit: 5000 });
    if (page.items.length === 0) break;
    out.push(...page.items);
  }
  return out;
}

export const importCommand: Command = {
  summary: '导入巡查日志（CSV、XLSX、GeoJSON、GPX、Open311）',
  usage:
    'import FILE --db PATH [--crs wgs84|gcj02|bd09] [--format auto|csv|xlsx|geojson|gpx|open311]\n' +
    '       [--encoding auto|utf-8|gb18030] [--sheet NAME] [--mapping NAME] [--operator ID] [--dry-run] [--json]\n' +
    '  Imports a field log as one batch (one transaction), in a worker thread. Prints\n' +
    '  {batchId, total, accepted, rejected, duplicates, warnings, errors:[{row, field, reason}]} with --json.\n' +
    '  --dry-run checks every row and writes nothing. --mapping uses a saved header mapping by name.',
  positionals: ['file'],
  options: {
    ...dbOption,
    ...jsonOption,
    file: { type: 'string' },
    crs: { type: 'string' },
    format: { type: 'string' },
    encoding: { type: 'string' },
    sheet: { type: 'string' },
    mapping: { type: 'string' },
    operator: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  async run(values, io) {
    const file = requireFile(values);
    const store = openStore(requireExistingDb(values), { transport: 'direct' });
    try {
      const h = store.handlers;
      let mapping: Record<string, string> | undefined;
      if (typeof values.mapping === 'string') {
        const saved = (await call(h, 'imports:mappings', {})).find((m) => m.name === values.mapping);
        if (!saved) throw new AppError('not-found', `没有名为「${values.mapping}」的已保存对应关系`);
        mapping = saved.mapping as Record<string, string>;
      }
      const start = await call(h, 'imports:start', {
        source: { path: file },
        crs: oneOf('crs', values.crs, CRS) ?? 'wgs84',
        format: oneOf('format', values.format, FORMATS),
        encoding: oneOf('encoding', values.encoding, ENCODINGS),
        ...(typeof values.sheet === 'string' ? { sheet: values.sheet } : {}),
        ...(mapping ? { mapping } : {}),
        ...(values.operator !== undefined ? { operatorId: integerOption('operator', values.operator) } : {}),
        dryRun: values['dry-run'] === true,
      });
      const done = await waitForJob(h, start, io, !values.json);
      const r = done.result!;
      // Every issue is read back only for --json, which prints them all; the text output prints the first 50 errors and the count.
      const all = async (severity: 'error' | 'warning', first: RowIssue[], count: number) =>
        values.json && r.batchId !== null && count > first.length ? await allIssues(h, r.batchId, severity, count) : first;
      const errors = await all('error', r.errors, r.errorCount);
      const warnings = await all('warning', r.warnings, r.warningCount);
      if (values.json) {
        io.stdout(
          JSON.stringify(
            {
              batchId: r.batchId,
              dryRun: r.dryRun,
              format: r.format,
              total: r.total,
              accepted: r.accepted,
              rejected: r.rejected,
              duplicates: r.duplicates,
              nearDuplicates: r.nearDuplicates,
              patrols: r.patrols,
              photos: r.photos,
              warnings,
              errors,
            },
            null,
            2,
          ) + '\n',
        );
      } else {
        io.stdout(`${r.dryRun ? '试导入（未写入）' : `导入批次 #${r.batchId}`}：${r.fileName}\n`);
        io.stdout(`读取 ${r.total} 行：接收 ${r.accepted}，拒收 ${r.rejected}，重复 ${r.duplicates}` +
          `${r.nearDuplicates ? `，疑似重复（已标记）${r.nearDuplicates}` : ''}${r.patrols ? `，巡查轨迹 ${r.patrols}` : ''}\n`);
        for (const e of errors.slice(0, 50)) io.stdout(`  第 ${e.row} 行${e.field ? `【${e.field}】` : ''}：${e.reason}\n`);
        if (r.errorCount > 50) io.stdout(`  ……另有 ${r.errorCount - 50} 条拒收原因（用 --json 查看全部）\n`);
        io.stdout(`用时 ${(r.elapsedMs / 1000).toFixed(1)} 秒（${r.rowsPerSecond.toLocaleString('zh-CN')} 行/秒）\n`);
      }
      return 0;
    } finally {
      store.db.close();
    }
  },
};
