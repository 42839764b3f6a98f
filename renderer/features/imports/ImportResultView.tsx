import { useState } from 'react';
import type { ImportResult } from '../../../electron/contract';
import { type ApiError, toApiError } from '../../api/client';
import { useApi } from '../../api/useApi';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { downloadBase64 } from './uploadFile';
import { isNoGridWarning, n } from './labels';

/**
 * What happened to every row: the counts, the row-level errors and warnings, the rejected rows as CSV; for
 * a 12345 export also how many orders came in and which rows still need a grid.
 */
export function ImportResultView({ result, isHotline = false }: { result: ImportResult; isHotline?: boolean }) {
  const api = useApi();
  const [error, setError] = useState<ApiError | null>(null);
  const saveRejected = async () => {
    if (result.batchId === null) return;
    try {
      const file = await api['imports:rejected-csv']({ batchId: result.batchId });
      downloadBase64(file.fileName, file.dataBase64);
    } catch (e) {
      setError(toApiError(e));
    }
  };
  return (
    <section className="gd-imp-result" aria-label="导入结果">
      <h3>
        {result.dryRun ? '试导入结果（未写入数据库）' : `导入完成：批次 #${result.batchId}`}
        <small>
          {result.fileName}，用时 {(result.elapsedMs / 1000).toFixed(1)} 秒，{n(result.rowsPerSecond)} 行/秒
        </small>
      </h3>
      <dl className="gd-imp-counts">
        <div><dt>读取</dt><dd>{n(result.total)}</dd></div>
        <div className="gd-imp-counts--ok"><dt>接收</dt><dd>{n(result.accepted)}</dd></div>
        <div className="gd-imp-counts--bad"><dt>拒收</dt><dd>{n(result.rejected)}</dd></div>
        <div><dt>重复（已导入过）</dt><dd>{n(result.duplicates)}</dd></div>
        <div className="gd-imp-counts--warn"><dt>疑似重复（已标记）</dt><dd>{n(result.nearDuplicates)}</dd></div>
        {result.patrols > 0 && <div><dt>巡查轨迹</dt><dd>{n(result.patrols)}</dd></div>}
        {result.photos > 0 && <div><dt>照片</dt><dd>{n(result.photos)}</dd></div>}
      </dl>
      {isHotline && <HotlineSummary result={result} />}
      {result.errorCount > 0 && (
        <div className="gd-imp-issues">
          <div className="gd-imp-issues__head">
            <h4>拒收原因（{n(result.errorCount)} 条{result.errorCount > result.errors.length ? `，显示前 ${n(result.errors.length)} 条` : ''}）</h4>
            {result.batchId !== null && (
              <button type="button" className="gd-button gd-button--small" onClick={saveRejected}>
                拒收行另存为 CSV
              </button>
            )}
          </div>
          <IssueTable issues={result.errors} />
        </div>
      )}
      {result.warningCount > 0 && (
        <details className="gd-imp-issues">
          <summary>提示（{n(result.warningCount)} 条）：已导入，但请留意</summary>
          <IssueTable issues={result.warnings} />
        </details>
      )}
      {error && <ErrorNotice error={error} action="导出拒收行" />}
    </section>
  );
}

function IssueTable({ issues }: { issues: ImportResult['errors'] }) {
  return (
    <div className="gd-imp-table-wrap">
      <table className="gd-imp-table">
        <thead>
          <tr>
            <th>行号</th>
            <th>字段</th>
            <th>原因</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((i, k) => (
            <tr key={k}>
              <td className="gd-mono">{i.row === 0 ? '文件' : i.row}</td>
              <td>{i.field ?? '—'}</td>
              <td>{i.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The orders of a 12345 export: how many were entered (waiting for 签收), and the rows whose grid is still to be chosen. */
function HotlineSummary({ result }: { result: ImportResult }) {
  const noGrid = result.warnings.filter(isNoGridWarning).map((w) => w.row);
  const isPartial = result.warningCount > result.warnings.length;
  return (
    <div className="gd-imp-hotline" role="group" aria-label="12345 工单">
      <p>
        12345 工单：{result.dryRun ? '将登记' : '已登记'} <strong>{n(result.accepted)}</strong> 件，{result.dryRun ? '导入后' : '现'}待签收
        {result.duplicates > 0 && `；${n(result.duplicates)} 件的工单编号已在系统中，未重复登记`}。
      </p>
      {noGrid.length > 0 ? (
        <p className="gd-imp-hotline__nogrid">
          未确定网格的工单{isPartial ? '至少 ' : ' '}
          {n(noGrid.length)} 件，第 <span className="gd-imp-hotline__rows">{noGrid.join('、')}</span> 行：签收后请在案件详情中为其指定网格，才能立案、派遣。
        </p>
      ) : (
        result.accepted > 0 && <p className="gd-muted">每件工单都已确定所属网格。</p>
      )}
    </div>
  );
}
