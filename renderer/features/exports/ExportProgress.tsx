import { ProgressBar } from '../../ui/ProgressBar';
import type { ExportJobView } from './useExportJob';

const n = (value: number) => value.toLocaleString('zh-CN');

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** The running export under the filters: the file, a bar by rows written (then by bytes fetched), and 取消. */
export function ExportProgress({ job, onCancel }: { job: ExportJobView; onCancel: () => void }) {
  const { status } = job;
  const isCounting = status.totalRows === 0 && status.rowsWritten === 0;
  return (
    <div className="gd-exportbar" role="status" aria-label="导出进度">
      <span className="gd-exportbar__title">
        {job.phase === 'downloading' ? '正在下载' : '正在导出'}
        <span className="gd-exportbar__file" title={status.fileName}>
          {status.fileName}
        </span>
      </span>
      <div className="gd-exportbar__bar">
        {job.phase === 'downloading' ? (
          <ProgressBar label="已下载" done={job.downloaded} total={status.bytes} />
        ) : (
          <ProgressBar label="已写入" done={status.rowsWritten} total={status.totalRows} />
        )}
      </div>
      <span className="gd-exportbar__meta gd-muted">
        {job.phase === 'downloading'
          ? `${megabytes(job.downloaded)} / ${megabytes(status.bytes)}`
          : isCounting
            ? '正在统计行数…'
            : `${n(status.cases)} 件案件${status.totalRows > status.cases ? `，连同处理记录共 ${n(status.totalRows)} 行` : ''}`}
      </span>
      {job.phase === 'writing' && (
        <button type="button" className="gd-button gd-button--small" disabled={job.isCancelling} onClick={onCancel}>
          {job.isCancelling ? '正在取消…' : '取消'}
        </button>
      )}
    </div>
  );
}
