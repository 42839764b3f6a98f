import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../db/errors';
import { openDatabase } from '../../../db/open';
import { NOTICE_KINDS, type NoticeKind } from '../../../db/supervision/notices';
import { buildNotices } from '../../report/noticesHtml';
import { findChromium, printHtmlToPdf } from '../../report/pdf';
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
    if (typeof values.out !== 'string' || !values.out) throw new AppError('invalid-input', '缺少 --out FILE.pdf 或 FILE.html');
    const out = path.resolve(values.out);
    const ext = path.extname(out).toLowerCase();
    if (ext !== '.html' && ext !== '.pdf') throw new AppError('invalid-input', `--out 应以 .pdf 或 .html 结尾，收到：${out}`);
    if (!fs.existsSync(path.dirname(out))) throw new AppError('not-found', `输出文件夹不存在：${path.dirname(out)}`);
    try {
      fs.accessSync(path.dirname(out), fs.constants.W_OK);
    } catch {
      throw new AppError('invalid-input', `无法写入输出文件：${out}`);
    }
    const chromium = ext === '.pdf' ? findChromium(typeof values.chromium === 'string' ? values.chromium : undefined) : null;
    const { db } = openDatabase(requireExistingDb(values), { readonly: true });
    try {
      const { html, count } = buildNotices(db, { kind: kind as NoticeKind, areaCode: typeof values.area === 'string' ? values.area : undefined, now: Date.now() });
      if (chromium) await printHtmlToPdf(html, out, chromium);
      else fs.writeFileSync(out, html);
      const result = { out, kind, notices: count };
      if (values.json) io.stdout(JSON.stringify(result, null, 2) + '\n');
      else io.stdout(`已生成 ${count} 份${kind === '派遣' ? '派遣单' : kind === '督办' ? '督办单' : '催办通知书'}：${out}\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};
