import { openStore } from '../../host';
import { AppError } from '../../../db/errors';
import { call, dbOption, jsonOption, requireExistingDb, type Command } from '../command';
import { oneOf, requireFile, waitForJob } from './import';

export const gridsImportCommand: Command = {
  summary: '导入网格边界（GeoJSON 或 Shapefile .zip），先校验',
  usage:
    'grids-import FILE --db PATH [--crs wgs84|gcj02|bd09] [--code-field P] [--name-field P]\n' +
    '             [--level-field P] [--parent-field P] [--dry-run] [--json]\n' +
    '  Validates codes, rings, parents, overlaps and gaps; replaces the grids only when no error is found,\n' +
    '  re-locating every case. Exit 1 when the file has errors.',
  positionals: ['file'],
  options: {
    ...dbOption,
    ...jsonOption,
    file: { type: 'string' },
    crs: { type: 'string' },
    'code-field': { type: 'string' },
    'name-field': { type: 'string' },
    'level-field': { type: 'string' },
    'parent-field': { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  async run(values, io) {
    const file = requireFile(values);
    const store = openStore(requireExistingDb(values), { transport: 'direct' });
    try {
      const h = store.handlers;
      const preview = await call(h, 'grids:import-preview', { source: { path: file } });
      const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
      const mapping = {
        code: str('code-field') ?? preview.mapping?.code,
        name: str('name-field') ?? preview.mapping?.name,
        level: str('level-field') ?? preview.mapping?.level ?? null,
        parent: str('parent-field') ?? preview.mapping?.parent ?? null,
      };
      if (!mapping.code || !mapping.name) {
        throw new AppError('invalid-input', `无法识别网格编码和名称所在的属性：请用 --code-field 与 --name-field 指定（属性有：${preview.properties.join('、')}）`);
      }
      const start = await call(h, 'grids:import', {
        source: { path: file },
        crs: oneOf('crs', values.crs, ['wgs84', 'gcj02', 'bd09'] as const) ?? 'wgs84',
        mapping: { code: mapping.code, name: mapping.name, level: mapping.level, parent: mapping.parent },
        dryRun: values['dry-run'] === true,
      });
      const r = (await waitForJob(h, start, io, false)).gridResult!;
      if (values.json) io.stdout(JSON.stringify(r, null, 2) + '\n');
      else {
        io.stdout(`${r.fileName}：${r.features} 个要素（区 ${r.counts.districts}，街道 ${r.counts.streets}，社区网格 ${r.counts.grids}）\n`);
        for (const i of r.issues) io.stdout(`  ${i.severity === 'error' ? '错误' : '提示'}：${i.message}${i.location ? `（位置 ${i.location.join(', ')}）` : ''}\n`);
        io.stdout(
          r.applied
            ? `已替换网格：新增 ${r.added}，更新 ${r.updated}，删除 ${r.removed}；${r.incidentsMoved} 件案件调整了所属网格\n`
            : r.errorCount > 0
              ? `发现 ${r.errorCount} 个错误：网格未替换\n`
              : `校验通过（试导入，未写入）：将新增 ${r.added}、更新 ${r.updated}、删除 ${r.removed}，${r.incidentsMoved} 件案件将调整网格\n`,
        );
      }
      return r.errorCount > 0 ? 1 : 0;
    } finally {
      store.db.close();
    }
  },
};
