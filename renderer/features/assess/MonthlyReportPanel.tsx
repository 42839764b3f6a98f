import { useState } from 'react';
import { detectTransport, toApiError } from '../../api/client';
import { useApi } from '../../api/useApi';
import { useCall } from '../../api/useCall';
import { BusyButton } from '../../ui/BusyButton';
import { Spinner } from '../../ui/Spinner';
import { useToast } from '../../ui/useToast';
import { ReportStage } from '../reports/ReportStage';
import { safeFileName } from '../reports/exportHtml';
import { bytesOfBase64, saveBlob } from '../exports/saveBlob';
import '../reports/reports.css';

interface MonthlyReportPanelProps {
  readonly month: string;
  readonly schemeId: number | null;
}

/** 月报: the printable A4 monthly report previewed as it prints, with print and save as PDF (as the weekly summary). */
export function MonthlyReportPanel({ month, schemeId }: MonthlyReportPanelProps) {
  const api = useApi();
  const toast = useToast();
  const input = { month, ...(schemeId !== null ? { schemeId } : {}) };
  const report = useCall('reports:monthly-html', input);
  const [isPrinting, setPrinting] = useState(false);
  const data = report.data;
  const isReady = data !== undefined && !report.isLoading;

  const print = () => {
    if (!data) return;
    const appTitle = document.title;
    document.title = safeFileName(data.title);
    window.print();
    document.title = appTitle;
  };
  const savePdf = async () => {
    setPrinting(true);
    try {
      const pdf = await api['reports:monthly-pdf'](input);
      if (pdf.cancelled) return;
      if (pdf.dataBase64 !== null) saveBlob([bytesOfBase64(pdf.dataBase64)], pdf.fileName, 'application/pdf');
      toast.show({ tone: 'success', text: pdf.savedTo ? '已保存月报 PDF' : '已生成月报 PDF', detail: `${pdf.savedTo ?? pdf.fileName}（${pdf.pages} 页）` });
    } catch (e) {
      const failure = toApiError(e);
      if (failure.kind === 'not-found') {
        toast.show({ tone: 'info', text: '本机无法直接生成 PDF，已打开打印对话框', detail: `${failure.message}。请在“目标打印机”中选择“另存为 PDF”。` });
        print();
      } else {
        toast.show({ tone: 'error', text: '生成月报 PDF 失败', detail: failure.message });
      }
    } finally {
      setPrinting(false);
    }
  };

  return (
    <div className="gd-reportpage gd-assess-report">
      <div className="gd-reportpage__toolbar" role="toolbar" aria-label="月报操作">
        <button type="button" className="gd-button gd-button--accent" disabled={!isReady} onClick={print}>
          打印
        </button>
        <BusyButton isBusy={isPrinting} disabled={!isReady} title={detectTransport() === 'electron' ? '生成 A4 PDF 文件，并选择保存位置。' : '生成 A4 PDF 文件并下载'} onClick={() => void savePdf()}>
          另存为 PDF
        </BusyButton>
        <span className="gd-reportpage__hint">A4 纵向；排名取本月最新发布的版本，未发布时为草稿并在文中注明。</span>
        <span className="gd-pagehead__spacer" />
        {report.isLoading && data && <Spinner label="正在生成月报…" />}
      </div>
      <ReportStage
        html={data ? data.html : null}
        label={data ? `月报预览：${data.title}` : '月报预览'}
        kind="月报"
        isLoading={report.isLoading}
        error={report.error}
        onRetry={report.reload}
      />
    </div>
  );
}
