import { useState } from 'react';
import type { HotlineFigures } from '../../../electron/contract';
import { type ApiError, toApiError } from '../../api/client';
import { useApi } from '../../api/useApi';
import { useOperator } from '../session/useOperator';
import { mayCall } from '../../domain/permissions';
import { BusyButton } from '../../ui/BusyButton';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { downloadBase64 } from '../imports/uploadFile';
import { weekDates } from '../stats/isoWeek';
import { Panel } from '../stats/Panel';
import { formatCount, formatRate } from '../stats/figures';
import './hotline.css';

interface HotlineExportPanelProps {
  /** The week's 12345 figures of the area shown (absent from reports of older hosts). */
  readonly figures: HotlineFigures | undefined;
  /** The ISO week shown; the export's dates start as its Monday and Sunday. */
  readonly week: string;
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 12345 工单 on the statistics page: the week's figures, and the workbook sent back to the city platform. */
export function HotlineExportPanel({ figures, week }: HotlineExportPanelProps) {
  return (
    <Panel title="12345 工单" note="本周" className="gd-hotline-panel">
      {figures ? <HotlineFigureList figures={figures} /> : <div className="gd-stats-empty">本周没有 12345 工单的统计。</div>}
      <HotlineExport key={week} week={week} />
    </Panel>
  );
}

function HotlineFigureList({ figures: h }: { figures: HotlineFigures }) {
  const items: [string, string, string?][] = [
    ['接收工单', formatCount(h.received)],
    ['签收工单', formatCount(h.acknowledged), `按时签收率 ${formatRate(h.acknowledgedOnTimeRate)}`],
    ['办理工单', formatCount(h.handled)],
    ['结案工单', formatCount(h.closed), `按时办结率 ${formatRate(h.onTimeRate)}`],
    ['回访', formatCount(h.callbacks), `满意率 ${formatRate(h.satisfactionRate)}`],
    ['不满意重办', formatCount(h.reopened)],
    ['无法联系', formatCount(h.unreachable)],
    ['退单', formatCount(h.returnedToPlatform), `退单率 ${formatRate(h.returnRate)}`],
  ];
  return (
    <dl className="gd-hotline-figures">
      {items.map(([label, value, note]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>
            {value}
            {note && <small>{note}</small>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** 导出回传平台表: the orders closed or returned between two dates, as the platform's XLSX. */
function HotlineExport({ week }: { week: string }) {
  const api = useApi();
  const { operator } = useOperator();
  const { monday, sunday } = weekDates(week);
  const [from, setFrom] = useState(monday);
  const [to, setTo] = useState(sunday);
  const [isBusy, setBusy] = useState(false);
  const [done, setDone] = useState<{ fileName: string; orders: number } | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const problem = !from || !to ? '请选择起止日期' : from > to ? '开始日期不能晚于结束日期' : null;

  const run = async () => {
    if (problem) return;
    setBusy(true);
    setFailure(null);
    setDone(null);
    try {
      const file = await api['hotline:export']({ from, to });
      downloadBase64(file.fileName, file.dataBase64, XLSX_MIME);
      setDone({ fileName: file.fileName, orders: file.orders });
    } catch (e) {
      setFailure(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  if (!mayCall('hotline:export', operator)) return null;
  return (
    <div className="gd-hotline-export" role="group" aria-label="导出回传平台表">
      <div className="gd-hotline-export__title">回传 12345 平台</div>
      <div className="gd-hotline-export__row">
        <label>
          <span>从</span>
          <input type="date" className="gd-input gd-input--small" aria-label="导出开始日期" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          <span>至</span>
          <input type="date" className="gd-input gd-input--small" aria-label="导出结束日期" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      <BusyButton className="gd-button gd-button--small" isBusy={isBusy} disabled={problem !== null} onClick={() => void run()}>
        导出回传平台表
      </BusyButton>
      <div className="gd-hotline-export__note" role="status">
        {problem ??
          (done
            ? `已导出 ${formatCount(done.orders)} 件工单：${done.fileName}`
            : '期间内办结或退单的工单：工单编号、办理结果、答复内容、办结时间、回访结果（XLSX）')}
      </div>
      {failure && <ErrorNotice error={failure} action="导出回传平台表" />}
    </div>
  );
}
