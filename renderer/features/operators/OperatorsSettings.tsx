import { useState } from 'react';
import { OPERATOR_ROLES, type Account } from '../../../electron/contract';
import { OPERATOR_ROLE_LABELS } from '../../../db/domain/labels';
import { toApiError } from '../../api/client';
import { useCall, useWrite } from '../../api/useCall';
import { formatDateTime } from '../../domain/time';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { useNow } from '../../ui/useNow';
import { useToast } from '../../ui/useToast';
import { useOperator } from '../session/useOperator';
import { ConfirmDeactivateDialog, CreateOperatorDialog, ResetPasswordDialog, RoleDialog } from './OperatorDialogs';
import './operators.css';

/** Accounts in use first, then by role in the order the desk lists roles, then by name. */
function byDeskOrder(a: Account, b: Account): number {
  if (a.isActive !== b.isActive) return a.isActive ? -1 : 1;
  const role = OPERATOR_ROLES.indexOf(a.role) - OPERATOR_ROLES.indexOf(b.role);
  return role !== 0 ? role : a.name.localeCompare(b.name, 'zh-CN');
}

type OpenDialog =
  | { readonly kind: 'create' }
  | { readonly kind: 'role' | 'password' | 'deactivate'; readonly account: Account };

/**
 * 操作员 (administrators): every account with its role, the person a handler works as, whether a
 * password is set and whether wrong passwords have locked it; new accounts with a first password, role
 * changes, password resets, deactivation and reactivation. Nobody is deleted: their history stays.
 */
export function OperatorsSettings() {
  const accounts = useCall('operators:accounts', {});
  const persons = useCall('persons:list', {});
  const setActive = useWrite('operators:set-active');
  const { operator: me } = useOperator();
  const toast = useToast();
  const now = useNow(30_000);
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  const personName = new Map((persons.data ?? []).map((p) => [p.id, p.name]));

  if (accounts.error) return <ErrorNotice error={accounts.error} action="读取操作员" onRetry={accounts.reload} />;
  if (!accounts.data) return <Spinner label="正在读取操作员…" />;
  const list = [...accounts.data].sort(byDeskOrder);
  const activeCount = list.filter((a) => a.isActive).length;

  const reactivate = async (account: Account) => {
    setBusyId(account.id);
    try {
      await setActive({ id: account.id, isActive: true });
      toast.show({ tone: 'success', text: `已启用「${account.name}」`, detail: '该操作员可以重新登录。' });
    } catch (e) {
      toast.show({ tone: 'error', text: `未能启用「${account.name}」`, detail: toApiError(e).message });
    } finally {
      setBusyId(null);
    }
  };

  return (
    <section className="gd-settings__card gd-operators" aria-label="操作员">
      <div className="gd-settings__cardhead">
        <h2>操作员</h2>
        <span className="gd-muted">
          共 {list.length} 个账号，{activeCount} 个在用。更改角色、重置密码或停用会结束该操作员已登录的会话。
        </span>
        <span className="gd-pagehead__spacer" />
        <button type="button" className="gd-button gd-button--small gd-button--accent" onClick={() => setDialog({ kind: 'create' })}>
          <Icon name="plus" size={13} />
          新建操作员
        </button>
      </div>
      <table className="gd-table gd-optable" aria-label="操作员账号">
        <thead>
          <tr>
            <th>姓名</th>
            <th>角色</th>
            <th>关联人员</th>
            <th>密码</th>
            <th>状态</th>
            <th className="gd-table__actions">操作</th>
          </tr>
        </thead>
        <tbody>
          {list.map((a) => {
            const lockedUntil = a.lockedUntil !== null && a.lockedUntil > now ? a.lockedUntil : null;
            const isMe = me?.id === a.id;
            return (
              <tr key={a.id} className={a.isActive ? undefined : 'is-inactive'} data-operator-id={a.id}>
                <td>
                  <span className="gd-optable__name">{a.name}</span>
                  {isMe && <span className="gd-tag gd-tag--info">本人</span>}
                  {a.isDemo && (
                    <span className="gd-tag gd-tag--demo" title="演示账号（仅供演示），密码公开">
                      演示
                    </span>
                  )}
                </td>
                <td>{OPERATOR_ROLE_LABELS[a.role]}</td>
                <td>{a.personId === null ? <span className="gd-muted">—</span> : (personName.get(a.personId) ?? `人员 #${a.personId}`)}</td>
                <td>{a.hasPassword ? '已设置' : <span className="gd-optable__warn">未设置，不能登录</span>}</td>
                <td>
                  {!a.isActive ? (
                    <span className="gd-optable__state gd-optable__state--inactive">已停用</span>
                  ) : lockedUntil !== null ? (
                    <span className="gd-optable__state gd-optable__state--locked" title="连续输错密码后暂时锁定；重置密码可立即解除">
                      输错密码锁定至 {formatDateTime(lockedUntil).slice(11)}
                    </span>
                  ) : (
                    <span className="gd-optable__state">正常</span>
                  )}
                </td>
                <td className="gd-table__actions">
                  {a.isActive ? (
                    <>
                      <button type="button" className="gd-linkbutton" onClick={() => setDialog({ kind: 'role', account: a })}>
                        更改角色
                      </button>
                      <button type="button" className="gd-linkbutton" onClick={() => setDialog({ kind: 'password', account: a })}>
                        {a.hasPassword ? '重置密码' : '设置密码'}
                      </button>
                      <button
                        type="button"
                        className="gd-linkbutton gd-linkbutton--danger"
                        disabled={isMe}
                        title={isMe ? '不能停用自己的账号' : undefined}
                        onClick={() => setDialog({ kind: 'deactivate', account: a })}
                      >
                        停用
                      </button>
                    </>
                  ) : (
                    <button type="button" className="gd-linkbutton" disabled={busyId === a.id} onClick={() => void reactivate(a)}>
                      重新启用
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {dialog?.kind === 'create' && <CreateOperatorDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === 'role' && <RoleDialog account={dialog.account} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'password' && <ResetPasswordDialog account={dialog.account} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'deactivate' && <ConfirmDeactivateDialog account={dialog.account} onClose={() => setDialog(null)} />}
    </section>
  );
}
