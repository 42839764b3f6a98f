import { useEffect, useMemo, useState } from 'react';
import { NOTICE_KINDS, NOTICE_TITLES, type NoticeKind } from '../../../electron/contract';
import { toApiError } from '../../api/client';
import { useCall } from '../../api/useCall';
import { BusyButton } from '../../ui/BusyButton';
import { Dialog } from '../../ui/Dialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Spinner } from '../../ui/Spinner';
import { useToast } from '../../ui/useToast';
import { downloadHtml, safeFileName } from '../reports/exportHtml';
import { AreaPicker } from '../stats/AreaPicker';
import { useAreas } from '../stats/useAreas';
import { discardPrintFrame, printHtml } from './printHtml';
import './notices.css';

/** What each kind holds (db/supervision/notices.ts decides; this only tells the reader). */
const KIND_HINTS: Readonly<Record<NoticeKind, string>> = {
  催办: '当前环节已催办、尚未办结的案件，每件一页，发给催办对象。',
  督办: '当前环节已列入督办的案件，每件一页，发给督办对象。',
  派遣: '已派遣、责任人尚未签收处置的案件，每件一页，附位置图和处置反馈栏。',
};

/** The preview shows the pages small, one under the other, as they will print; printing is unaffected. */
const PREVIEW_CSS = `<style>@media screen {
  html { background: #e4e9f0; zoom: 0.5; }
  body { padding: 10mm 0; }
  section.notice { width: 210mm; min-height: 297mm; margin: 0 auto 10mm; padding: 18mm 16mm; background: #fff; box-shadow: 0 1px 4px rgba(16, 36, 66, 0.25); }
}</style>`;

function previewOf(html: string): string {
  const at = html.indexOf('</head>');
  return at < 0 ? PREVIEW_CSS + html : html.slice(0, at) + PREVIEW_CSS + html.slice(at);
}

interface NoticesDialogProps {
  readonly initialKind?: NoticeKind;
  /** A street or grid code; null or absent: the whole district. */
  readonly initialArea?: string | null;
  readonly onClose: () => void;
}

/** 打印通知书: choose the kind and the area, see how many and what they look like, then print or save the HTML. */
export function NoticesDialog({ initialKind = '催办', initialArea = null, onClose }: NoticesDialogProps) {
  const toast = useToast();
  const areas = useAreas();
  const [kind, setKind] = useState<NoticeKind>(initialKind);
  const [area, setArea] = useState<string | null>(initialArea);
  const [isPrinting, setPrinting] = useState(false);
  const notices = useCall('supervision:notices-html', { kind, ...(area ? { areaCode: area } : {}) }, { keepPrevious: false });
  const data = notices.isLoading ? undefined : notices.data;
  const preview = useMemo(() => (data ? previewOf(data.html) : ''), [data]);
  const title = NOTICE_TITLES[kind];
  const areaName = (area ? areas.byCode.get(area)?.name : areas.district?.name) ?? (area ? '' : '全区');
  const canOutput = data !== undefined && data.count > 0;

  useEffect(() => discardPrintFrame, []);

  const print = async () => {
    if (!data) return;
    setPrinting(true);
    try {
      await printHtml(data.html, data.title);
    } catch (e) {
      toast.show({ tone: 'error', text: `未能打印${title}`, detail: toApiError(e).message });
    } finally {
      setPrinting(false);
    }
  };
  const download = () => {
    if (!data) return;
    const name = `${safeFileName(data.title)}.html`;
    downloadHtml(data.html, name);
    toast.show({ tone: 'success', text: `已下载${title} HTML`, detail: name });
  };

  return (
    <Dialog
      title="打印通知书"
      subtitle="A4 纵向，每件案件一页；内容为打印时的实时情况。"
      onClose={onClose}
      footer={
        <>
          <span className="gd-dialog__foot-note">{data ? `${areaName} · ${title} ${data.count} 份` : ''}</span>
          <button type="button" className="gd-button" onClick={onClose}>
            取消
          </button>
          <button type="button" className="gd-button" disabled={!canOutput} onClick={download}>
            下载 HTML
          </button>
          <BusyButton className="gd-button gd-button--accent" isBusy={isPrinting} disabled={!canOutput} onClick={() => void print()}>
            打印
          </BusyButton>
        </>
      }
    >
      <div className="gd-notices">
        <div className="gd-notices__row">
          <span className="gd-notices__label" id="gd-notices-kind">
            通知书
          </span>
          <div className="gd-segmented" role="group" aria-labelledby="gd-notices-kind">
            {NOTICE_KINDS.map((k) => (
              <button key={k} type="button" className="gd-segmented__item" aria-pressed={kind === k} onClick={() => setKind(k)}>
                {NOTICE_TITLES[k]}
              </button>
            ))}
          </div>
        </div>
        <p className="gd-notices__hint">{KIND_HINTS[kind]}</p>
        <div className="gd-notices__row">
          <span className="gd-notices__label">区域</span>
          <AreaPicker areas={areas} value={area} onChange={setArea} />
        </div>
        <div className="gd-notices__result" aria-live="polite">
          {notices.error ? (
            <ErrorNotice error={notices.error} action={`生成${title}`} onRetry={notices.reload} />
          ) : !data ? (
            <Spinner label={`正在生成${title}…`} />
          ) : data.count === 0 ? (
            <p className="gd-notices__count gd-notices__count--none">{`${areaName}当前没有需要打印的${title}。`}</p>
          ) : (
            <>
              <p className="gd-notices__count">
                共 <strong className="gd-num">{data.count}</strong> 份{title}
              </p>
              <iframe className="gd-notices__preview" title={`预览：${data.title}`} sandbox="" srcDoc={preview} />
            </>
          )}
        </div>
      </div>
    </Dialog>
  );
}
