import type { ImportJobStatus } from '../../../electron/contract';
import { n } from './labels';

/** The running job: a progress bar by bytes read, rows and rows per second, and a cancel button. */
export function ImportProgress({ status, onCancel }: { status: ImportJobStatus; onCancel: () => void }) {
  const share = status.totalBytes > 0 ? Math.min(1, status.bytesRead / status.totalBytes) : 0;
  return (
    <div className="gd-imp-progress" role="status" aria-label="导入进度">
      <div className="gd-imp-progress__bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(share * 100)}>
        <span style={{ width: `${(share * 100).toFixed(1)}%` }} />
      </div>
      <div className="gd-imp-progress__text">
        <span>
          正在导入 {status.fileName}：已读 {n(status.rowsRead)} 行，{n(status.rowsPerSecond)} 行/秒（{Math.round(share * 100)}%）
        </span>
        <button type="button" className="gd-button gd-button--small" onClick={onCancel}>
          取消导入
        </button>
      </div>
    </div>
  );
}
