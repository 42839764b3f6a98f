import { openStore } from '../../host';
import type { AssessResult, PublishOutcome } from '../../contract';
import { getScheme } from '../../../db/assess/schemes';
import { getAccount } from '../../../db/trust/accounts';
import { AppError } from '../../../db/errors';
import { MONTH_HINT, MONTH_PATTERN } from '../../../db/domain/assess';
import { invokeCall } from '../../handlers/invoke';
import { directCaller } from '../../auth/gate';
import { call, dbOption, integerOption, jsonOption, requireExistingDb, type Command } from '../command';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(2)}%`);

/** The command line's shape of a result: one line per object, the indicators by id. */
function toJson(r: AssessResult, outcome?: PublishOutcome) {
  return {
    period: r.period,
    scheme: r.scheme,
    version: r.version,
    hash: r.hash,
    status: r.status,
    ...(outcome ? { published: outcome.status, message: outcome.message, diff: outcome.diff } : {}),
    objects: r.objects.map((o) => ({
      type: o.type,
      code: o.code,
      name: o.name,
      score: o.score,
      grade: o.grade,
      rank: o.rank,
      cases: o.cases,
      insufficient: o.insufficient,
      indicators: o.indicators,
      deductions: o.deductions,
    })),
    notes: r.notes,
  };
}

export const assessCommand: Command = {
  summary: '月度考核：按方案计算得分、等级与排名，可发布（发布需管理员）',
  usage:
    'assess --db PATH --scheme ID|CODE --month YYYY-MM [--publish] [--operator ID] [--json]\n' +
    '  The month’s assessment under a scheme (its id or code: general 综合考核, inspector 巡查员考核): every\n' +
    '  object’s score, grade (优/良/中/差), rank within its type and the cases behind each indicator. Without\n' +
    '  --publish it is a draft and nothing is stored. --publish stores it as the next published version with a\n' +
    '  SHA-256 over the stored JSON (the same as the last version: nothing stored, says so); it is logged as the\n' +
    '  PC’s own administrator, or as the operator --operator ID, who must be an administrator. --json prints\n' +
    '  {period, scheme, version, hash, objects: [{type, code, name, score, grade, rank, cases, indicators}]}.',
  options: {
    ...dbOption,
    ...jsonOption,
    scheme: { type: 'string' },
    month: { type: 'string' },
    publish: { type: 'boolean' },
    operator: { type: 'string' },
  },
  async run(values, io) {
    if (typeof values.scheme !== 'string') throw new AppError('invalid-input', '缺少 --scheme ID（考核方案编号或编码，如 general）');
    if (typeof values.month !== 'string' || !MONTH_PATTERN.test(values.month)) throw new AppError('invalid-input', `--month ${MONTH_HINT}`);
    const store = openStore(requireExistingDb(values), { transport: 'direct' });
    try {
      const schemeId = getScheme(store.db, values.scheme).id;
      const month = values.month;
      let result: AssessResult;
      let outcome: PublishOutcome | undefined;
      if (values.publish) {
        const caller =
          values.operator !== undefined
            ? (() => {
                const a = getAccount(store.db, integerOption('operator', values.operator));
                if (!a.isActive) throw new AppError('forbidden', `操作员「${a.name}」已停用`);
                return directCaller({ operatorId: a.id, name: a.name, role: a.role, personId: a.personId });
              })()
            : directCaller();
        const r = await invokeCall(store.handlers, 'assess:publish', { schemeId, month }, caller);
        if (!r.ok) throw new AppError(r.error.kind, r.error.message);
        outcome = r.value as PublishOutcome;
        result = outcome.result;
      } else {
        result = await call(store.handlers, 'assess:compute', { schemeId, month });
      }
      if (values.json) {
        io.stdout(JSON.stringify(toJson(result, outcome), null, 2) + '\n');
        return 0;
      }
      io.stdout(`${result.period}　${result.scheme.name}（方案第 ${result.scheme.version} 版）　${result.status === 'published' ? `已发布第 ${result.version} 版` : '草稿（未发布）'}\n`);
      if (outcome) io.stdout(`${outcome.message}\n`);
      if (result.hash) io.stdout(`SHA-256：${result.hash}\n`);
      for (const o of result.objects) {
        io.stdout(
          [
            String(o.rank ?? '—').padStart(4),
            o.name.padEnd(14, '　'),
            (o.score === null ? '—' : o.score.toFixed(2)).padStart(7),
            (o.insufficient ? '样本不足' : (o.grade ?? '—')).padEnd(4, '　'),
            `案件 ${o.cases}`,
            `按期结案率 ${pct(o.indicators.onTimeClosureRate?.value)}`,
          ].join('  ') + '\n',
        );
      }
      return 0;
    } finally {
      store.db.close();
    }
  },
};
