import { useState } from 'react';
import { OPERATOR_ROLE_LABELS } from '../../../db/domain/labels';
import { Icon } from '../../ui/Icon';
import { ChangePasswordDialog } from './ChangePasswordDialog';
import { useSession } from './useOperator';
import './session.css';

/** The logged-in operator in the top bar, with 修改密码, 锁定 and 退出登录. */
export function SessionMenu() {
  const { operator, lock, logout } = useSession();
  const [isChangingPassword, setChangingPassword] = useState(false);
  const [isLeaving, setLeaving] = useState(false);
  return (
    <div className="gd-session" role="group" aria-label="当前操作员">
      <span className="gd-topbar__operator" title={operator.isDemo ? '演示账号（仅供演示）' : undefined}>
        <Icon name="user" size={15} />
        <span className="gd-topbar__operator-name">{operator.name}</span>
        <span className="gd-topbar__operator-role">{OPERATOR_ROLE_LABELS[operator.role]}</span>
      </span>
      <button type="button" className="gd-session__action" onClick={() => setChangingPassword(true)}>
        <Icon name="key" size={14} />
        修改密码
      </button>
      <button type="button" className="gd-session__action" onClick={lock} title="离开座位时锁定，输入密码继续">
        <Icon name="lock" size={14} />
        锁定
      </button>
      <button
        type="button"
        className="gd-session__action"
        disabled={isLeaving}
        onClick={() => {
          setLeaving(true);
          void logout().finally(() => setLeaving(false));
        }}
      >
        <Icon name="logout" size={14} />
        退出登录
      </button>
      {isChangingPassword && <ChangePasswordDialog onClose={() => setChangingPassword(false)} />}
    </div>
  );
}
