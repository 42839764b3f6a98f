import { useState } from 'react';
import { toApiError, type ApiError } from '../../api/client';
import { useWrite } from '../../api/useCall';
import { TEXT_LIMITS } from '../../../db/domain/limits';
import { BusyButton } from '../../ui/BusyButton';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Field } from '../../ui/Field';
import { SecretField } from '../../ui/SecretField';
import { SECRET_HINT } from './secretHint';

interface Problems {
  readonly name?: string;
  readonly secret?: string;
  readonly repeat?: string;
}

/**
 * The first administrator: a name and a password typed twice (session:setup). The host refuses a weak
 * password or a taken name with a message shown here; once it answers, this desk is logged in.
 */
export function AdminSetupForm({ idPrefix = 'gd-setup' }: { idPrefix?: string }) {
  const setup = useWrite('session:setup');
  const [name, setName] = useState('');
  const [secret, setSecret] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);

  const submit = async () => {
    const next: { name?: string; secret?: string; repeat?: string } = {};
    if (!name.trim()) next.name = '请填写管理员姓名';
    if (!secret) next.secret = '请设置密码';
    else if (repeat !== secret) next.repeat = '两次输入的密码不一致';
    setProblems(next);
    if (next.name || next.secret || next.repeat) return;
    setBusy(true);
    setFailure(null);
    try {
      await setup({ name: name.trim(), secret });
    } catch (e) {
      setFailure(toApiError(e));
      setBusy(false);
    }
  };

  return (
    <form
      className="gd-authform"
      aria-label="创建管理员"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Field label="管理员姓名" htmlFor={`${idPrefix}-name`} isRequired error={problems.name}>
        <input
          id={`${idPrefix}-name`}
          className="gd-input"
          autoComplete="username"
          maxLength={TEXT_LIMITS.name}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      <SecretField id={`${idPrefix}-secret`} label="密码" autoComplete="new-password" isRequired error={problems.secret} hint={SECRET_HINT} value={secret} onChange={setSecret} />
      <SecretField id={`${idPrefix}-repeat`} label="再次输入密码" autoComplete="new-password" isRequired error={problems.repeat} value={repeat} onChange={setRepeat} />
      {failure && <ErrorNotice error={failure} action="创建管理员" />}
      <BusyButton type="submit" className="gd-button gd-button--primary gd-authform__submit" isBusy={isBusy}>
        创建管理员并登录
      </BusyButton>
    </form>
  );
}
