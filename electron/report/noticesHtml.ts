/**
 * Printable A4 notices in batch, one per page: 催办通知书, 督办单 and 派遣单 — the unit addressed, the case,
 * the stage's deadline and how late, a map excerpt on a 派遣单, and signature lines. One self-contained HTML
 * document (no script, no external resource), printed to PDF through the same Chromium path as the weekly
 * summary (./pdf.ts).
 */
import type { Db } from '../../db/open';
import { getSetting } from '../../db/queries/settings';
import { NOTICE_TITLES, noticeItems, type Notice, type NoticeKind } from '../../db/supervision/notices';
import { formatLate } from '../../db/supervision/ladder';
import { escapeXml as esc } from '../../db/stats/mapSvg';
import { shanghaiDateTime } from '../../db/domain/time';

const when = (ms: number | null): string => (ms === null ? '—' : shanghaiDateTime(ms));

function lateText(n: Notice): string {
  return n.lateMinutes > 0 ? `已超期 ${formatLate(n.lateMinutes)}` : '尚未超期';
}

function caseTable(n: Notice): string {
  const rows: [string, string][] = [
    ['案件编号', n.caseNo],
    ...(n.orderNo ? ([['12345 工单编号', n.orderNo]] as [string, string][]) : []),
    ['问题类别', n.categoryName],
    ['所在位置', [n.streetName, n.gridName].filter(Boolean).join(' ') || '—'],
    ['地址', n.address ?? '—'],
    ['问题描述', n.description],
    ...(n.caller ? ([['来电人', n.caller]] as [string, string][]) : []),
    ['责任人', n.assigneeName ? `${n.assigneeName}${n.assigneePhone ? `（${n.assigneePhone}）` : ''}` : '未派遣'],
    ['环节与期限', `${n.stageLabel ?? '—'}环节，期限 ${when(n.dueAt)}`],
    ['超期情况', lateText(n)],
  ];
  return `<table class="case">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
}

function body(n: Notice): string {
  const to = `${esc(n.unitName)}${n.personName ? `（${esc(n.personName)}）` : ''}：`;
  switch (n.kind) {
    case '催办':
      return `<p class="to">${to}</p>
        <p class="text">你单位承办的下列案件${esc(n.stageLabel ?? '')}环节期限为 ${esc(when(n.dueAt))}，${esc(lateText(n))}。现予催办，请收到本通知后立即组织办理，并按时反馈办理结果。</p>
        ${caseTable(n)}
        ${n.note ? `<p class="note">催办说明：${esc(n.note)}</p>` : ''}
        <p class="muted">催办时间：${esc(when(n.since))}</p>`;
    case '督办':
      return `<p class="to">${to}</p>
        <p class="text">下列案件${esc(n.stageLabel ?? '')}环节期限为 ${esc(when(n.dueAt))}，${esc(lateText(n))}，经催办仍未办结，现列入督办。请责任单位主要负责人亲自过问，于 1 个工作日内办结，并书面反馈办理情况；逾期未办结的，将按规定通报。</p>
        ${caseTable(n)}
        ${n.note ? `<p class="note">督办说明：${esc(n.note)}</p>` : ''}
        <p class="muted">督办时间：${esc(when(n.since))}</p>`;
    case '派遣':
      return `<p class="to">${to}</p>
        <p class="text">现将下列案件派遣你处办理，请于处置期限 ${esc(when(n.dueAt))} 前处置完毕，并拍照反馈。</p>
        ${caseTable(n)}
        ${n.mapSvg ? `<figure class="map">${n.mapSvg}<figcaption>案件位置（红点）及所在网格</figcaption></figure>` : ''}
        <table class="feedback"><tr><th>处置情况</th><td></td></tr><tr><th>处置人</th><td></td></tr><tr><th>完成时间</th><td></td></tr></table>
        <p class="muted">派遣时间：${esc(when(n.since))}</p>`;
  }
}

export function renderNoticesHtml(unitName: string, kind: NoticeKind, notices: readonly Notice[], generatedAt: string): string {
  const title = NOTICE_TITLES[kind];
  const pages = notices.length
    ? notices
        .map(
          (n) => `<section class="notice">
  <header><div class="unit">${esc(unitName)}</div><h1>${esc(title)}</h1><div class="no">编号：${esc(`${kind}-${n.caseNo}`)}</div></header>
  ${body(n)}
  <div class="signatures"><div>签发人：<span></span></div><div>签收人：<span></span></div><div>签收时间：<span></span></div></div>
  <div class="muted printed">打印时间：${esc(generatedAt)}　由 GridDesk 网格案件管理生成</div>
</section>`,
        )
        .join('\n')
    : `<section class="notice"><header><div class="unit">${esc(unitName)}</div><h1>${esc(title)}</h1></header><p class="muted">当前没有需要打印的${esc(title)}。</p></section>`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>${esc(unitName)} ${esc(title)}（${notices.length} 份）</title>
<style>
@page { size: A4; margin: 18mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "SimSun", sans-serif;
  font-size: 11pt; color: #1b2a41; margin: 0; line-height: 1.55; }
section.notice { break-after: page; page-break-after: always; }
section.notice:last-child { break-after: auto; page-break-after: auto; }
header { text-align: center; border-bottom: 2.5pt solid #b0282f; padding-bottom: 6pt; margin-bottom: 12pt; }
header .unit { font-size: 12pt; letter-spacing: 1pt; }
header h1 { font-size: 22pt; letter-spacing: 6pt; color: #b0282f; margin: 4pt 0; }
header .no { font-size: 9.5pt; color: #3d5a80; }
.to { font-weight: bold; margin: 0 0 4pt; }
.text { text-indent: 2em; margin: 0 0 8pt; }
table { width: 100%; border-collapse: collapse; margin: 6pt 0; }
th, td { border: 0.6pt solid #9aa8bb; padding: 3pt 6pt; text-align: left; vertical-align: top; }
th { width: 26%; background: #eef2f8; font-weight: bold; white-space: nowrap; }
table.feedback td { height: 22pt; }
.note { margin: 6pt 0; }
.muted { color: #666; font-size: 9.5pt; }
figure.map { margin: 8pt 0; text-align: center; break-inside: avoid; }
figure.map svg { max-width: 100%; height: auto; border: 0.6pt solid #c9d3e0; }
figcaption { font-size: 9pt; color: #555; }
.signatures { display: flex; justify-content: space-between; margin-top: 20pt; }
.signatures span { display: inline-block; min-width: 110pt; border-bottom: 0.75pt solid #1b2a41; }
.printed { margin-top: 10pt; font-size: 8.5pt; }
</style></head>
<body>
${pages}
</body></html>`;
}

/** The notices of a kind for the district or an area, as one printable document. */
export function buildNotices(db: Db, input: { kind: NoticeKind; areaCode?: string | undefined; now: number }): { html: string; title: string; count: number } {
  const notices = noticeItems(db, input.kind, input.areaCode, input.now);
  const unitName = getSetting<string>(db, 'unit_name') ?? 'GridDesk';
  const title = `${unitName} ${NOTICE_TITLES[input.kind]}（${notices.length} 份）`;
  return { html: renderNoticesHtml(unitName, input.kind, notices, shanghaiDateTime(input.now)), title, count: notices.length };
}
