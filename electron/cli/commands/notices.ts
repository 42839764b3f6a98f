import { AppError } from '../../../db/errors';
import { openDatabase } from '../../../db/open';
import { NOTICE_KINDS, type NoticeKind } from '../../../db/supervision/notices';
import { buildNotices } from '../../report/noticesHtml';
import { printTarget } from '../printOut';
import { dbOption, jsonOption, requireExistingDb, type Command } from '../command';

export const noticesCommand: Command = {
  summary: '批量打印催办通知书、督办单、派遣单（A4，PDF 或 HTML）',
  usage:
    'notices --db PATH --kind 催办|督办|派遣 --out FILE.pdf|FILE.html [--area CODE] [--chromium PATH] [--json]\n' +
    '  One A4 page per case: 催办通知书 for the cases chased in the stage they are in, 督办单 for those 督办, 派遣单\n' +
    '  for the cases dispatched and not yet taken up (with a map excerpt) — the unit addressed, the case, the\n' +
    "  deadline, how late, signature lines. PDF through a local Chromium, Chrome or Edge, as the weekly summary.",
  options: { ...dbOption, ...jsonOption, kind: { type: 'string' }, out: { type: 'string' }, area: { type: 'string' }, chromium: { type: 'string' } },
  async run(values, io) {
    const kind = String(values.kind ?? '');
    if (!(NOTICE_KINDS as readonly string[]).includes(kind)) throw new AppError('invalid-input', `--kind 应为 ${NOTICE_KINDS.join('、')} 之一，收到：${kind || '无'}`);
    const target = printTarget(values, 'pdf');
    const { db } = openDatabase(requireExistingDb(values), { readonly: true });
    try {
      const { html, count } = buildNotices(db, { kind: kind as NoticeKind, areaCode: typeof values.area === 'string' ? values.area : undefined, now: Date.now() });
      await target.write(html);
      const result = { out: target.out, kind, notices: count };
      if (values.json) io.stdout(JSON.stringify(result, null, 2) + '\n');
      else io.stdout(`已生成 ${count} 份${kind === '派遣' ? '派遣单' : kind === '督办' ? '督办单' : '催办通知书'}：${target.out}\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};
