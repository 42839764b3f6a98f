import { useCallback, useId, useState } from 'react';
import { detectTransport, toApiError } from '../../api/client';
import { useApi } from '../../api/useApi';
import { useCall } from '../../api/useCall';
import { BusyButton } from '../../ui/BusyButton';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { useNow } from '../../ui/useNow';
import { useToast } from '../../ui/useToast';
import { AreaPicker } from '../stats/AreaPicker';
import { WeekPicker } from '../stats/WeekPicker';
import { isoWeekOf, shiftWeek } from '../../../db/domain/time';
import { REPORT_PATH, STATS_PATH, pageHash, readPageQuery, weekAreaQuery, type PageQuery } from '../stats/pageQuery';
import { useAreas } from '../stats/useAreas';
import { ReportStage } from './ReportStage';
import { downloadHtml, safeFileName } from './exportHtml';
import { bytesOfBase64, saveBlob } from '../exports/saveBlob';
import './reports.css';

interface WeeklyReportPageProps {
  readonly query: URLSearchParams;
  readonly onNavigate: (hash: string) => void;
}

const PDF_HINT = {
  http:
    '生成 A4 PDF 文件并下载（由本机的 Chromium、Chrome 或 Edge 生成）。本机没有这些浏览器时改用打印对话框：' +
    '在“目标打印机”中选择“另存为 PDF”并保存。',
  electron: '生成 A4 PDF 文件，并选择保存位置。',
} as const;

/**
 * 周报: the printable A4 weekly summary for a week and an area, previewed as it will print, with
 * print, save as a PDF file (printed by the host; where it has no browser to print with, the print
 * dialog's 另存为 PDF instead) and HTML export. By default the last complete week.
 */
export function WeeklyReportPage({ query, onNavigate }: WeeklyReportPageProps) {
  const now = useNow(60_000);
  const api = useApi();
  const toast = useToast();
  const [isPrintingPdf, setPrintingPdf] = useState(false);
  const pdfHintId = useId();
  const latest = isoWeekOf(now);
  const defaultWeek = shiftWeek(latest, -1);
  const state = readPageQuery(query);
  const week = state.week && state.week <= latest ? state.week : defaultWeek;
  const area = state.area;
  const areas = useAreas();
  const report = useCall('reports:weekly-html', { week, ...(area ? { areaCode: area } : {}) });
  const transport = detectTransport();

  const go = useCallback((next: Partial<PageQuery>) => onNavigate(pageHash(REPORT_PATH, { week, area, ...next }, defaultWeek)), [onNavigate, week, area, defaultWeek]);
  const data = report.data;
  const isReady = data !== undefined && !report.isLoading;
  const areaName = (area ? areas.byCode.get(area)?.name : areas.district?.name) ?? '';

  const print = () => {
    if (!data) return;
    // The browser names the PDF after the page title.
    const appTitle = document.title;
    document.title = safeFileName(data.title);
    window.print();
    document.title = appTitle;
  };
  const savePdf = async () => {
    if (!data) return;
    setPrintingPdf(true);
    try {
      const pdf = await api['reports:weekly-pdf']({ week, ...(area ? { areaCode: area } : {}) });
      if (pdf.cancelled) return;
      const detail = `${pdf.savedTo ?? pdf.fileName}（${pdf.pages} 页）`;
      if (pdf.dataBase64 !== null) saveBlob([bytesOfBase64(pdf.dataBase64)], pdf.fileName, 'application/pdf');
      toast.show({ tone: 'success', text: pdf.savedTo ? '已保存周报 PDF' : '已生成周报 PDF', detail });
    } catch (e) {
      const failure = toApiError(e);
      if (failure.kind === 'not-found') {
        // No browser on this PC to print with: the print dialog's 另存为 PDF does the same.
        toast.show({ tone: 'info', text: '本机无法直接生成 PDF，已打开打印对话框', detail: `${failure.message}。请在“目标打印机”中选择“另存为 PDF”。` });
        print();
      } else {
        toast.show({ tone: 'error', text: '生成周报 PDF 失败', detail: failure.message });
      }
    } finally {
      setPrintingPdf(false);
    }
  };
  const exportHtml = () => {
    if (!data) return;
    const name = `${safeFileName(data.title)}.html`;
    downloadHtml(data.html, name);
    toast.show({ tone: 'success', text: '已导出周报 HTML', detail: name });
  };

  return (
    <div className="gd-reportpage">
      <header className="gd-pagehead gd-reportpage__head">
        <h1>周报</h1>
        <span className="gd-pagehead__meta gd-reportpage__meta">
          {areaName && <span className="gd-reportpage__area">{areaName}</span>}
          {week === defaultWeek && <span className="gd-tag">上周</span>}
          {week === latest && <span className="gd-tag gd-tag--info">本周进行中</span>}
        </span>
        <span className="gd-pagehead__spacer" />
        <AreaPicker areas={areas} value={area} onChange={(code) => go({ area: code })} />
        <WeekPicker week={week} latest={latest} onChange={(w) => go({ week: w })} />
        <button
          type="button"
          className="gd-button"
          title="在统计页面查看这一周的指标、排名和走势"
          onClick={() => onNavigate(`${STATS_PATH}?${weekAreaQuery(week, area)}`)}
        >
          <Icon name="stats" size={15} />
          统计
        </button>
      </header>
      <div className="gd-reportpage__toolbar" role="toolbar" aria-label="周报操作">
        <button type="button" className="gd-button gd-button--accent" disabled={!isReady} onClick={print}>
          打印
        </button>
        <BusyButton
          isBusy={isPrintingPdf}
          disabled={!isReady}
          title={PDF_HINT[transport]}
          aria-describedby={pdfHintId}
          onClick={() => void savePdf()}
        >
          另存为 PDF
        </BusyButton>
        <span id={pdfHintId} className="gd-visually-hidden">
          {PDF_HINT[transport]}
        </span>
        <button type="button" className="gd-button" disabled={!isReady} onClick={exportHtml}>
          导出 HTML
        </button>
        <span className="gd-reportpage__hint">A4 纵向，打印时仅输出周报正文；统计口径见文末。</span>
        <span className="gd-pagehead__spacer" />
        {report.isLoading && data && <Spinner label="正在生成周报…" />}
      </div>
      <ReportStage
        html={data ? data.html : null}
        label={data ? `周报预览：${data.title}` : '周报预览'}
        kind="周报"
        isLoading={report.isLoading}
        error={report.error}
        onRetry={report.reload}
        errorAction={
          area &&
          report.error?.kind === 'not-found' && (
            <button type="button" className="gd-button gd-button--small" onClick={() => go({ area: null })}>
              回到全区
            </button>
          )
        }
      />
    </div>
  );
}
