import { useState } from 'react';
import type { BackupListItem, BackupReport } from '../../../electron/contract';
import { toApiError, type ApiError } from '../../api/client';
import { useCall, useWrite } from '../../api/useCall';
import { formatDateTime } from '../../domain/time';
import { BusyButton } from '../../ui/BusyButton';
import { Dialog } from '../../ui/Dialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { useToast } from '../../ui/useToast';
import { countEntries, countsLine, reasonLabel } from './backupText';

/** What a verification found: whether the backup can be restored, its problems and warnings, what it holds. */
function VerifyReport({ report }: { report: BackupReport }) {
  const counts = countEntries(report.counts);
  return (
    <div className="gd-verify">
      <div className={`gd-verify__verdict${report.ok ? ' is-ok' : ' is-bad'}`} role="status">
        <Icon name={report.ok ? 'check' : 'warning'} size={18} />
        <span>{report.ok ? '校验通过：备份完整，可以恢复' : '校验未通过：此备份不能恢复'}</span>
      </div>
      {report.problems.length > 0 && (
        <div className="gd-verify__list gd-verify__list--problems">
          <h3>问题</h3>
          <ul>
            {report.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {report.warnings.length > 0 && (
        <div className="gd-verify__list gd-verify__list--warnings">
          <h3>提示</h3>
          <ul>
            {report.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <dl className="gd-verify__facts">
        <dt>备份时间</dt>
        <dd>{report.createdAtShanghai ?? '未知'}</dd>
        <dt>原因</dt>
        <dd>{reasonLabel(report.reason)}</dd>
        <dt>数据结构</dt>
        <dd>{report.schemaVersion === null ? '未知' : `v${report.schemaVersion}`}</dd>
        <dt>文件夹</dt>
        <dd className="gd-mono gd-verify__dir">{report.dir}</dd>
      </dl>
      {counts.length > 0 && (
        <section className="gd-verify__counts" aria-label="备份内容">
          <h3>备份内容</h3>
          <dl>
            {counts.map((c) => (
              <div key={c.label} className="gd-verify__count">
                <dt>{c.label}</dt>
                <dd className="gd-num">{c.value}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </div>
  );
}

/** 校验: reads the backup through (manifest sums, integrity, schema) and reports. */
export function VerifyDialog({ backup, onClose }: { backup: BackupListItem; onClose: () => void }) {
  const report = useCall('backup:verify', { dir: backup.dir }, { keepPrevious: false });
  return (
    <Dialog
      title="校验备份"
      subtitle={`${formatDateTime(backup.createdAt)} · ${reasonLabel(backup.reason)}`}
      onClose={onClose}
      footer={
        <button type="button" className="gd-button gd-button--accent" onClick={onClose}>
          关闭
        </button>
      }
    >
      {report.error ? (
        <ErrorNotice error={report.error} action="校验备份" onRetry={report.reload} />
      ) : report.data && !report.isLoading ? (
        <VerifyReport report={report.data} />
      ) : (
        <Spinner label="正在校验：核对文件校验和、数据库完整性和数据结构…" />
      )}
    </Dialog>
  );
}

/**
 * 恢复: verifies first, then asks for confirmation showing what the backup holds and that the current
 * database is kept as a backup of its own. After the restore everyone logs in again (the login screen
 * follows by itself).
 */
export function RestoreDialog({ backup, onClose }: { backup: BackupListItem; onClose: () => void }) {
  const report = useCall('backup:verify', { dir: backup.dir }, { keepPrevious: false });
  const restore = useWrite('backup:restore');
  const toast = useToast();
  const [isSure, setSure] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const verified = report.data && !report.isLoading ? report.data : null;

  const run = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const result = await restore({ dir: backup.dir });
      toast.show({
        tone: 'success',
        text: `已恢复 ${result.createdAtShanghai} 的备份`,
        detail: `${countsLine(result.counts)}。请重新登录。`,
      });
    } catch (e) {
      setFailure(toApiError(e));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="从备份恢复"
      subtitle={`${formatDateTime(backup.createdAt)} · ${reasonLabel(backup.reason)}`}
      onClose={isBusy ? undefined : onClose}
      footer={
        <>
          <button type="button" className="gd-button" onClick={onClose} disabled={isBusy}>
            取消
          </button>
          <BusyButton className="gd-button gd-button--danger" isBusy={isBusy} disabled={!verified?.ok || !isSure} onClick={() => void run()}>
            恢复此备份
          </BusyButton>
        </>
      }
    >
      {report.error ? (
        <ErrorNotice error={report.error} action="校验备份" onRetry={report.reload} />
      ) : !verified ? (
        <Spinner label="恢复前先校验备份…" />
      ) : (
        <>
          <VerifyReport report={verified} />
          {verified.ok && (
            <div className="gd-restore">
              <p className="gd-restore__lines">
                <span>
                  恢复后，数据库将回到 <strong>{verified.createdAtShanghai ?? formatDateTime(backup.createdAt)}</strong> 的状态，
                </span>
                <span>此后的改动都不在其中。</span>
              </p>
              <p className="gd-restore__point">
                <Icon name="check" size={14} />
                <span className="gd-restore__lines">
                  <span>当前数据库不会丢失：恢复前先另存为一份备份，</span>
                  <span>原因记为“恢复前自动保留”，需要时可以再恢复回来。</span>
                </span>
              </p>
              <p className="gd-restore__point">
                <Icon name="logout" size={14} />
                <span>恢复完成后，所有操作员（包括您）都需要重新登录。</span>
              </p>
              <label className="gd-check gd-restore__sure">
                <input type="checkbox" checked={isSure} onChange={(e) => setSure(e.target.checked)} />
                我已了解，确认用此备份替换当前数据库
              </label>
            </div>
          )}
          {failure && (
            <div className="gd-restore__failure">
              <ErrorNotice error={failure} action="恢复" />
            </div>
          )}
        </>
      )}
    </Dialog>
  );
}
