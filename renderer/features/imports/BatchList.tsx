import { useState } from 'react';
import type { ImportBatch, UndoResult } from '../../../electron/contract';
import { type ApiError, toApiError } from '../../api/client';
import { useWrite } from '../../api/useCall';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { formatDateTime } from '../../domain/time';
import { BATCH_STATUS_LABELS, FORMAT_LABELS, n } from './labels';

/**
 * Every import batch with its counts; a committed field-log batch can be undone after a confirmation
 * (the batches and the cases it voided are refreshed through the cache).
 */
export function BatchList({ batches }: { batches: readonly ImportBatch[] }) {
  const undoBatch = useWrite('imports:undo');
  const [confirming, setConfirming] = useState<number | null>(null);
  const [undone, setUndone] = useState<UndoResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const undo = async (batchId: number) => {
    setError(null);
    try {
      setUndone(await undoBatch({ batchId }));
      setConfirming(null);
    } catch (e) {
      setError(toApiError(e));
    }
  };
  return (
    <section className="gd-imp-card" aria-labelledby="gd-imp-batches">
      <h2 id="gd-imp-batches">导入批次</h2>
      {undone && (
        <p className="gd-imp-note" role="status">
          已撤销批次 #{undone.batchId}：作废 {n(undone.voided)} 件案件
          {undone.patrolsRemoved > 0 && `，删除 ${n(undone.patrolsRemoved)} 条巡查轨迹`}
          {undone.kept.length > 0 && `；导入后已被办理的 ${n(undone.kept.length)} 件未作废（${undone.kept.slice(0, 5).map((k) => k.caseNo).join('、')}${undone.kept.length > 5 ? '…' : ''}）`}
        </p>
      )}
      {error && <ErrorNotice error={error} action="撤销导入" />}
      {batches.length === 0 ? (
        <p className="gd-muted">还没有导入过文件。</p>
      ) : (
        <div className="gd-imp-table-wrap">
          <table className="gd-imp-table">
            <thead>
              <tr>
                <th>批次</th>
                <th>文件</th>
                <th>格式</th>
                <th>时间</th>
                <th>操作员</th>
                <th>读取</th>
                <th>接收</th>
                <th>拒收</th>
                <th>重复</th>
                <th>状态</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.id}>
                  <td className="gd-mono">#{b.id}</td>
                  <td className="gd-imp-table__file" title={b.fileName}>{b.fileName}</td>
                  <td>{FORMAT_LABELS[b.format] ?? b.format}</td>
                  <td className="gd-mono">{formatDateTime(b.startedAt)}</td>
                  <td>{b.operatorName ?? '—'}</td>
                  <td>{n(b.total)}</td>
                  <td>{n(b.accepted)}</td>
                  <td>{n(b.rejected)}</td>
                  <td>{n(b.duplicates)}</td>
                  <td title={b.message ?? undefined}>{BATCH_STATUS_LABELS[b.status] ?? b.status}</td>
                  <td>
                    {b.canUndo &&
                      (confirming === b.id ? (
                        <span className="gd-imp-confirm">
                          作废本批 {n(b.accepted)} 件案件？
                          <button type="button" className="gd-button gd-button--small gd-button--danger" onClick={() => undo(b.id)}>
                            确认撤销
                          </button>
                          <button type="button" className="gd-button gd-button--small" onClick={() => setConfirming(null)}>
                            取消
                          </button>
                        </span>
                      ) : (
                        <button type="button" className="gd-button gd-button--small" onClick={() => setConfirming(b.id)}>
                          撤销
                        </button>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
