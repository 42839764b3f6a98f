import { checkIntegrity, openDatabase } from '../../../db/open';
import { verifyHistory, type HistoryReport } from '../../../db/trust/history';
import { verifyPublished } from '../../../db/assess/publish';
import { dbOption, jsonOption, requireExistingDb, type Command } from '../command';

export const checkCommand: Command = {
  summary: '检查数据库完整性与结构版本（只读）',
  usage:
    'check --db PATH [--json]\n' +
    '  Read-only: SQLite integrity check, foreign keys, the schema version against this GridDesk, and the\n' +
    '  case history: the SHA-256 event chain, the triggers that keep history append-only, and every\n' +
    "  case's stored status against the replay of its events. Names each case that fails. Every published\n" +
    '  assessment (考核) result: its SHA-256 recomputed over the stored JSON, and the triggers that keep it\n' +
    '  append-only; names each result that no longer matches.\n' +
    '  Exit 0 when all is well, 1 when a problem is found.',
  options: { ...dbOption, ...jsonOption },
  run(values, io) {
    const { db } = openDatabase(requireExistingDb(values), { readonly: true });
    try {
      const integrity = checkIntegrity(db);
      // The history check needs the trust tables (schema 90 on); an older file is reported as old.
      const history = integrity.schemaVersion >= 90 ? verifyHistory(db) : null;
      const assessments = integrity.schemaVersion >= 150 ? verifyPublished(db) : null;
      const report = { ...integrity, ok: integrity.ok && (history?.ok ?? false) && (assessments?.ok ?? true), history, assessments };
      if (values.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
      else {
        io.stdout(`完整性：${integrity.integrity.join('; ')}\n`);
        io.stdout(`外键问题：${integrity.foreignKeyViolations}\n`);
        io.stdout(`结构版本：${integrity.schemaVersion}（本程序为 ${integrity.latestSchemaVersion}）\n`);
        if (history) io.stdout(describeHistory(history));
        if (assessments) io.stdout(describeAssessments(assessments));
        io.stdout(report.ok ? '结果：正常\n' : '结果：发现问题\n');
      }
      if (!report.ok && !values.json) {
        io.stderr(
          integrity.schemaVersion < integrity.latestSchemaVersion
            ? `griddesk: 数据库结构版本较旧（${integrity.schemaVersion}），打开时会自动升级\n`
            : assessments && !assessments.ok
              ? `griddesk: 已发布的考核结果校验未通过：${assessments.failed.map((f) => `${f.period} 方案 #${f.schemeId} 第 ${f.version} 版`).join('、') || '保护触发器缺失'}\n`
              : history && !history.ok
              ? `griddesk: 案件历史校验未通过：${history.suspectCases.slice(0, 20).map((c) => c.caseNo).join('、') || '保护触发器缺失'}\n`
              : 'griddesk: 数据库完整性检查未通过\n',
        );
      }
      return report.ok ? 0 : 1;
    } finally {
      db.close();
    }
  },
  };

/** The history part of the report, in the words the office reads. */
export function describeHistory(h: HistoryReport): string {
  const lines = [`案件记录链：${h.chain.events} 条记录，链头 ${h.chain.head}`];
  if (h.chain.brokenEvents.length) lines.push(`  校验值不符的记录：${h.chain.brokenEvents.length} 条`);
  if (h.missingTriggers.length) lines.push(`  缺少保护触发器：${h.missingTriggers.join('、')}`);
  for (const m of h.stateMismatches.slice(0, 50)) {
    lines.push(`  案件 ${m.caseNo}：当前状态「${m.stored}」与记录回放的状态「${m.replayed ?? '无'}」不一致`);
  }
  if (h.suspectCases.length) lines.push(`  可能被改动的案件：${h.suspectCases.slice(0, 50).map((c) => c.caseNo).join('、')}${h.suspectCases.length > 50 ? ` 等 ${h.suspectCases.length} 件` : ''}`);
  return lines.join('\n') + '\n';
}

/** The published assessments' part of the report. */
export function describeAssessments(a: ReturnType<typeof verifyPublished>): string {
  const lines = [`已发布考核结果：${a.checked} 份，${a.failed.length ? `${a.failed.length} 份校验值不符` : '校验值全部相符'}`];
  for (const f of a.failed) lines.push(`  ${f.period} 方案 #${f.schemeId} 第 ${f.version} 版：存储的内容与发布时的 SHA-256 不符，已被改动`);
  if (a.missingTriggers.length) lines.push(`  缺少保护触发器：${a.missingTriggers.join('、')}`);
  return lines.join('\n') + '\n';
}
