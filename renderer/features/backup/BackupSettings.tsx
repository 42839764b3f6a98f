import { Fragment, useState } from 'react';
import type { BackupListItem, BackupSettings as Settings } from '../../../electron/contract';
import { toApiError } from '../../api/client';
import { useCall, useWrite } from '../../api/useCall';
import { formatDateTime } from '../../domain/time';
import { BusyButton } from '../../ui/BusyButton';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Field } from '../../ui/Field';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { useToast } from '../../ui/useToast';
import { RestoreDialog, VerifyDialog } from './BackupDialogs';
import { countsLine, mainCounts, reasonLabel } from './backupText';
import './backup.css';

type OpenDialog = { readonly kind: 'verify' | 'restore'; readonly backup: BackupListItem };

/**
 * 备份 (administrators): where backups go and how many are kept, automatic backups on or off, 立即备份,
 * and the backups in the folder — each can be verified, and restored after a confirmation that shows
 * what it holds. A restore keeps the current database as a backup of its own; everyone logs in again.
 */
export function BackupSettings() {
  const status = useCall('backup:status', {});
  const backupNow = useWrite('backup:now');
  const toast = useToast();
  const [isBackingUp, setBackingUp] = useState(false);
  const [dialog, setDialog] = useState<OpenDialog | null>(null);

  if (status.error) return <ErrorNotice error={status.error} action="读取备份状态" onRetry={status.reload} />;
  if (!status.data) return <Spinner label="正在读取备份…" />;
  const { settings, backups, lastError, canRestore } = status.data;

  const runNow = async () => {
    setBackingUp(true);
    try {
      const made = await backupNow({});
      toast.show({ tone: 'success', text: '备份完成', detail: `${made.dir}（${countsLine(made.counts)}）` });
    } catch (e) {
      toast.show({ tone: 'error', text: '备份失败', detail: toApiError(e).message });
    } finally {
      setBackingUp(false);
    }
  };

  return (
    <div className="gd-backup">
      {lastError && (
        <div className="gd-backup__alert" role="alert">
          <Icon name="warning" size={16} />
          <div>
            <strong>最近一次自动备份失败</strong>
            <div>{lastError}</div>
          </div>
        </div>
      )}
      <BackupSettingsForm key={JSON.stringify(settings)} saved={settings} />
      <section className="gd-settings__card" aria-label="备份列表">
        <div className="gd-settings__cardhead">
          <h2>备份列表</h2>
          <span className="gd-muted">共 {backups.length} 份，新的在前。每份备份含数据库和它引用的全部照片。</span>
          <span className="gd-pagehead__spacer" />
          <BusyButton className="gd-button gd-button--small gd-button--accent" isBusy={isBackingUp} onClick={() => void runNow()}>
            <Icon name="archive" size={13} />
            立即备份
          </BusyButton>
        </div>
        {backups.length === 0 ? (
          <p className="gd-empty">备份文件夹中还没有备份。</p>
        ) : (
          <table className="gd-table gd-backuptable" aria-label="备份">
            <thead>
              <tr>
                <th>备份时间</th>
                <th>原因</th>
                <th>内容</th>
                <th>文件夹</th>
                <th className="gd-table__actions">操作</th>
              </tr>
            </thead>
            <tbody>
              {backups.map((b) => (
                <tr key={b.dir}>
                  <td className="gd-mono gd-backuptable__time">{formatDateTime(b.createdAt)}</td>
                  <td className="gd-backuptable__reason">{reasonLabel(b.reason)}</td>
                  <td className="gd-backuptable__counts">
                    {mainCounts(b.counts).length === 0 ? (
                      <span className="gd-muted">—</span>
                    ) : (
                      mainCounts(b.counts).map((c, i) => (
                        <Fragment key={c.label}>
                          {i > 0 && ' '}
                          <span className="gd-backuptable__count">
                            {c.label} {c.value}
                          </span>
                        </Fragment>
                      ))
                    )}
                  </td>
                  <td className="gd-mono gd-backuptable__dir" title={b.dir}>
                    {b.name}
                  </td>
                  <td className="gd-table__actions">
                    <button type="button" className="gd-linkbutton" onClick={() => setDialog({ kind: 'verify', backup: b })}>
                      校验
                    </button>
                    <button
                      type="button"
                      className="gd-linkbutton gd-linkbutton--danger"
                      disabled={!canRestore}
                      title={canRestore ? undefined : '此处不能在运行中恢复：请关闭 GridDesk 后使用命令行 restore'}
                      onClick={() => setDialog({ kind: 'restore', backup: b })}
                    >
                      恢复…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {dialog?.kind === 'verify' && <VerifyDialog backup={dialog.backup} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'restore' && <RestoreDialog backup={dialog.backup} onClose={() => setDialog(null)} />}
    </div>
  );
}

function BackupSettingsForm({ saved }: { saved: Settings }) {
  const setBackup = useWrite('backup:set');
  const toast = useToast();
  const [enabled, setEnabled] = useState(saved.enabled);
  const [folder, setFolder] = useState(saved.folder);
  const [keepDaily, setKeepDaily] = useState(String(saved.keepDaily));
  const [keepWeekly, setKeepWeekly] = useState(String(saved.keepWeekly));
  const [isBusy, setBusy] = useState(false);
  const daily = Number(keepDaily);
  const weekly = Number(keepWeekly);
  const dailyProblem = !Number.isInteger(daily) || daily < 1 || daily > 60 ? '1～60 份' : null;
  const weeklyProblem = !Number.isInteger(weekly) || weekly < 0 || weekly > 52 ? '0～52 份' : null;
  const folderProblem = folder.trim() === '' ? '请填写备份文件夹' : null;
  const isDirty = enabled !== saved.enabled || folder.trim() !== saved.folder || keepDaily !== String(saved.keepDaily) || keepWeekly !== String(saved.keepWeekly);
  const hasProblem = dailyProblem !== null || weeklyProblem !== null || folderProblem !== null;

  const save = async (patch?: { folder: null }) => {
    if (!patch && hasProblem) return;
    setBusy(true);
    try {
      const next = await setBackup(
        patch ?? {
          ...(enabled !== saved.enabled ? { enabled } : {}),
          ...(folder.trim() !== saved.folder ? { folder: folder.trim() } : {}),
          ...(daily !== saved.keepDaily ? { keepDaily: daily } : {}),
          ...(weekly !== saved.keepWeekly ? { keepWeekly: weekly } : {}),
        },
      );
      toast.show({ tone: 'success', text: '备份设置已保存', detail: `${next.enabled ? '自动备份已开启' : '自动备份已关闭'}；${next.folder}` });
    } catch (e) {
      toast.show({ tone: 'error', text: '未能保存备份设置', detail: toApiError(e).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="gd-settings__card" aria-label="备份设置">
      <div className="gd-settings__cardhead">
        <h2>备份设置</h2>
        <span className="gd-muted">自动备份在启动时和每天进行一次，按下面的份数轮换，旧的自动删除。</span>
      </div>
      <form
        className="gd-backupform"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Field label="自动备份" htmlFor="gd-backup-enabled">
          <label className="gd-switch">
            <input id="gd-backup-enabled" type="checkbox" role="switch" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
            <span className="gd-switch__track" aria-hidden="true" />
            <span className="gd-switch__text">{enabled ? '已开启' : '已关闭'}</span>
          </label>
        </Field>
        <Field
          label="备份文件夹"
          htmlFor="gd-backup-folder"
          className="gd-backupform__folder"
          error={folderProblem}
          hint={
            saved.folderIsDefault ? (
              '默认：数据库所在文件夹旁的 backups 文件夹。建议改到另一块磁盘、U 盘或网络共享文件夹。'
            ) : (
              <>
                自定义文件夹。
                <button type="button" className="gd-linkbutton" disabled={isBusy} onClick={() => void save({ folder: null })}>
                  恢复默认文件夹
                </button>
              </>
            )
          }
        >
          <input id="gd-backup-folder" className="gd-input gd-mono" value={folder} onChange={(e) => setFolder(e.target.value)} spellCheck={false} />
        </Field>
        <div className="gd-backupform__keep">
          <Field label="保留每日备份" htmlFor="gd-backup-daily" error={dailyProblem} hint="最近几天各留一份">
            <span className="gd-backupform__count">
              <input id="gd-backup-daily" className="gd-input" inputMode="numeric" value={keepDaily} onChange={(e) => setKeepDaily(e.target.value)} />
              <span>份</span>
            </span>
          </Field>
          <Field label="保留每周备份" htmlFor="gd-backup-weekly" error={weeklyProblem} hint="更早的每周留一份">
            <span className="gd-backupform__count">
              <input id="gd-backup-weekly" className="gd-input" inputMode="numeric" value={keepWeekly} onChange={(e) => setKeepWeekly(e.target.value)} />
              <span>份</span>
            </span>
          </Field>
        </div>
        <div className="gd-backupform__foot">
          {isDirty && (
            <button
              type="button"
              className="gd-linkbutton"
              onClick={() => {
                setEnabled(saved.enabled);
                setFolder(saved.folder);
                setKeepDaily(String(saved.keepDaily));
                setKeepWeekly(String(saved.keepWeekly));
              }}
            >
              撤销
            </button>
          )}
          <BusyButton type="submit" className="gd-button gd-button--accent" isBusy={isBusy} disabled={!isDirty || hasProblem}>
            保存
          </BusyButton>
        </div>
      </form>
    </section>
  );
}
