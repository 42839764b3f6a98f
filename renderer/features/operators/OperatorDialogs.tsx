import { useState } from 'react';
import { OPERATOR_ROLES, type Account, type OperatorRole } from '../../../electron/contract';
import { OPERATOR_ROLE_LABELS } from '../../../db/domain/labels';
import { TEXT_LIMITS } from '../../../db/domain/limits';
import { toApiError, type ApiError } from '../../api/client';
import { useCall, useWrite } from '../../api/useCall';
import { BusyButton } from '../../ui/BusyButton';
import { Dialog } from '../../ui/Dialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Field } from '../../ui/Field';
import { SecretField } from '../../ui/SecretField';
import { SelectField } from '../../ui/SelectField';
import { useToast } from '../../ui/useToast';
import { SECRET_HINT } from '../session/secretHint';
import { ROLE_HINTS } from './roleHints';

const ROLE_OPTIONS = OPERATOR_ROLES.map((r) => ({ value: r, label: OPERATOR_ROLE_LABELS[r] }));

/** The persons a handler account can be linked to, for a select. */
function usePersonOptions(isEnabled: boolean) {
  const persons = useCall('persons:list', { activeOnly: true }, { enabled: isEnabled });
  const options = (persons.data ?? []).map((p) => ({ value: String(p.id), label: `${p.name}${p.organization ? `（${p.organization}）` : ''}` }));
  return { options, isLoaded: persons.data !== undefined };
}

function DialogButtons({ form, label, isBusy, onClose, isDanger }: { form: string; label: string; isBusy: boolean; onClose: () => void; isDanger?: boolean }) {
  return (
    <>
      <button type="button" className="gd-button" onClick={onClose} disabled={isBusy}>
        取消
      </button>
      <BusyButton type="submit" form={form} className={`gd-button ${isDanger ? 'gd-button--danger' : 'gd-button--accent'}`} isBusy={isBusy}>
        {label}
      </BusyButton>
    </>
  );
}

interface NewOperatorProblems {
  name?: string;
  person?: string;
  secret?: string;
  repeat?: string;
}

/** 新建操作员: name, role (a handler linked to the person whose cases they work), and a first password. */
export function CreateOperatorDialog({ onClose }: { onClose: () => void }) {
  const createOperator = useWrite('operators:create');
  const toast = useToast();
  const [name, setName] = useState('');
  const [role, setRole] = useState<OperatorRole>('supervisor');
  const [personId, setPersonId] = useState('');
  const [secret, setSecret] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problems, setProblems] = useState<NewOperatorProblems>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);
  const persons = usePersonOptions(role === 'handler');

  const submit = async () => {
    const next: NewOperatorProblems = {};
    if (!name.trim()) next.name = '请填写姓名';
    if (role === 'handler' && !personId) next.person = '处置人员需关联到其负责的网格人员';
    if (!secret) next.secret = '请设置初始密码';
    else if (repeat !== secret) next.repeat = '两次输入的密码不一致';
    setProblems(next);
    if (Object.keys(next).length > 0) return;
    setBusy(true);
    setFailure(null);
    try {
      const created = await createOperator({ name: name.trim(), role, personId: role === 'handler' ? Number(personId) : null, secret });
      toast.show({ tone: 'success', text: `已新建操作员「${created.name}」（${OPERATOR_ROLE_LABELS[created.role]}）`, detail: '请把初始密码当面告知本人，并提醒其登录后修改。' });
      onClose();
    } catch (e) {
      setFailure(toApiError(e));
      setBusy(false);
    }
  };

  return (
    <Dialog title="新建操作员" subtitle="每位操作员用自己的姓名和密码登录，每一步操作都记在其名下。" onClose={isBusy ? undefined : onClose} footer={<DialogButtons form="gd-newop-form" label="新建" isBusy={isBusy} onClose={onClose} />}>
      <form
        id="gd-newop-form"
        className="gd-settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field label="姓名" htmlFor="gd-newop-name" isRequired error={problems.name}>
          <input id="gd-newop-name" className="gd-input" autoComplete="off" maxLength={TEXT_LIMITS.name} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <SelectField id="gd-newop-role" label="角色" isRequired hint={ROLE_HINTS[role]} options={ROLE_OPTIONS} value={role} onChange={setRole} />
        {role === 'handler' && (
          <SelectField
            id="gd-newop-person"
            label="关联人员"
            isRequired
            error={problems.person}
            hint="处置人员只能办理派遣给该人员的案件"
            placeholder={persons.isLoaded ? '请选择…' : '正在读取人员…'}
            options={persons.options}
            value={personId}
            onChange={setPersonId}
          />
        )}
        <SecretField id="gd-newop-secret" label="初始密码" autoComplete="new-password" isRequired error={problems.secret} hint={SECRET_HINT} value={secret} onChange={setSecret} />
        <SecretField id="gd-newop-repeat" label="再次输入初始密码" autoComplete="new-password" isRequired error={problems.repeat} value={repeat} onChange={setRepeat} />
        {failure && <ErrorNotice error={failure} action="新建操作员" />}
      </form>
    </Dialog>
  );
}

/** 更改角色: the role changes at once and the operator's sessions end (they log in again with the new role). */
export function RoleDialog({ account, onClose }: { account: Account; onClose: () => void }) {
  const setRole = useWrite('operators:set-role');
  const toast = useToast();
  const [role, setRoleDraft] = useState<OperatorRole>(account.role);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);

  const submit = async () => {
    if (role === account.role) return onClose();
    setBusy(true);
    setFailure(null);
    try {
      await setRole({ id: account.id, role });
      toast.show({ tone: 'success', text: `「${account.name}」的角色已改为${OPERATOR_ROLE_LABELS[role]}`, detail: '其已登录的会话已结束，需重新登录。' });
      onClose();
    } catch (e) {
      setFailure(toApiError(e));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`更改角色：${account.name}`} size="small" onClose={isBusy ? undefined : onClose} footer={<DialogButtons form="gd-role-form" label="更改角色" isBusy={isBusy} onClose={onClose} />}>
      <form
        id="gd-role-form"
        className="gd-settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p className="gd-settings-form__note">
          现为<strong>{OPERATOR_ROLE_LABELS[account.role]}</strong>。更改后，该操作员已登录的会话将结束，需重新登录。
        </p>
        <SelectField id="gd-role-select" label="新角色" hint={ROLE_HINTS[role]} options={ROLE_OPTIONS} value={role} onChange={setRoleDraft} />
        {role === 'handler' && account.personId === null && (
          <p className="gd-settings-form__note gd-settings-form__note--warn">该账号没有关联网格人员，作为处置人员将没有可办理的案件。</p>
        )}
        {failure && <ErrorNotice error={failure} action="更改角色" />}
      </form>
    </Dialog>
  );
}

/** 重置密码: a new password for someone else; their sessions end and a lock-out is lifted. */
export function ResetPasswordDialog({ account, onClose }: { account: Account; onClose: () => void }) {
  const resetPassword = useWrite('operators:reset-password');
  const toast = useToast();
  const [secret, setSecret] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problems, setProblems] = useState<{ secret?: string; repeat?: string }>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);

  const submit = async () => {
    const next: { secret?: string; repeat?: string } = {};
    if (!secret) next.secret = '请输入新密码';
    else if (repeat !== secret) next.repeat = '两次输入的密码不一致';
    setProblems(next);
    if (next.secret || next.repeat) return;
    setBusy(true);
    setFailure(null);
    try {
      await resetPassword({ id: account.id, secret });
      toast.show({ tone: 'success', text: `已为「${account.name}」设置新密码`, detail: '请当面告知本人，并提醒其登录后修改。' });
      onClose();
    } catch (e) {
      setFailure(toApiError(e));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`${account.hasPassword ? '重置密码' : '设置密码'}：${account.name}`}
      size="small"
      onClose={isBusy ? undefined : onClose}
      footer={<DialogButtons form="gd-reset-form" label="设置新密码" isBusy={isBusy} onClose={onClose} />}
    >
      <form
        id="gd-reset-form"
        className="gd-settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p className="gd-settings-form__note">设置后，该操作员须用新密码登录；其已登录的会话将结束，输错密码造成的锁定同时解除。</p>
        <SecretField id="gd-reset-secret" label="新密码" autoComplete="new-password" isRequired error={problems.secret} hint={SECRET_HINT} value={secret} onChange={setSecret} />
        <SecretField id="gd-reset-repeat" label="再次输入新密码" autoComplete="new-password" isRequired error={problems.repeat} value={repeat} onChange={setRepeat} />
        {failure && <ErrorNotice error={failure} action="设置新密码" />}
      </form>
    </Dialog>
  );
}

/** 停用: the account can no longer log in and its sessions end at once; it stays on every record. */
export function ConfirmDeactivateDialog({ account, onClose }: { account: Account; onClose: () => void }) {
  const setActive = useWrite('operators:set-active');
  const toast = useToast();
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await setActive({ id: account.id, isActive: false });
      toast.show({ tone: 'success', text: `已停用「${account.name}」` });
      onClose();
    } catch (e) {
      setFailure(toApiError(e));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`停用操作员：${account.name}`} size="small" onClose={isBusy ? undefined : onClose} footer={<DialogButtons form="gd-deactivate-form" label="停用" isDanger isBusy={isBusy} onClose={onClose} />}>
      <form
        id="gd-deactivate-form"
        className="gd-settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p className="gd-settings-form__note">
          停用后「{account.name}」（{OPERATOR_ROLE_LABELS[account.role]}）不能再登录，其已登录的会话立即结束。账号不会删除，案件日志和设置记录中的署名保留，之后可以重新启用。
        </p>
        {failure && <ErrorNotice error={failure} action="停用操作员" />}
      </form>
    </Dialog>
  );
}
