import { useRef, useState } from 'react';
import { OPERATOR_ROLES, type SessionStatus } from '../../../electron/contract';
import { OPERATOR_ROLE_LABELS } from '../../../db/domain/labels';
import { TEXT_LIMITS } from '../../../db/domain/limits';
import { toApiError } from '../../api/client';
import { useWrite } from '../../api/useCall';
import { BusyButton } from '../../ui/BusyButton';
import { Field } from '../../ui/Field';
import { Icon } from '../../ui/Icon';
import { SecretField } from '../../ui/SecretField';

type DemoAccounts = NonNullable<SessionStatus['demo']>;

/**
 * 登录: name and password or PIN. On a demo database the demo district's accounts are listed by role
 * with their printed password, clearly marked as demo accounts; a click fills the form, and one button
 * enters the demo at once as its first supervisor (the desk's everyday role).
 */
export function LoginScreen({ demo }: { demo: SessionStatus['demo'] }) {
  const login = useWrite('session:login');
  const [name, setName] = useState('');
  const [secret, setSecret] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const secretRef = useRef<HTMLInputElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);

  const submit = async (account = name, password = secret) => {
    if (!account.trim() || !password) {
      setProblem(!account.trim() ? '请输入姓名' : '请输入密码或 PIN');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await login({ name: account.trim(), secret: password });
      // The session status follows through the cache and the desk opens.
    } catch (e) {
      setProblem(toApiError(e).message);
      setSecret('');
      setBusy(false);
      secretRef.current?.focus();
    }
  };

  const pick = (account: string) => {
    if (!demo) return;
    setName(account);
    setSecret(demo.password);
    setProblem(null);
    submitRef.current?.focus();
  };

  const enter = (account: string) => {
    if (!demo) return;
    setName(account);
    setSecret(demo.password);
    void submit(account, demo.password);
  };

  return (
    <div className={`gd-login${demo ? ' gd-login--demo' : ''}`}>
      <section className="gd-authcard gd-login__card" aria-labelledby="gd-login-title">
        <div className="gd-authcard__icon">
          <Icon name="user" size={26} />
        </div>
        <h1 id="gd-login-title">登录</h1>
        <p className="gd-authcard__lead">
          <span>请输入您的姓名和密码（或 PIN）。</span>
          <span>每一步操作都以登录的操作员名义记入日志。</span>
        </p>
        <form
          className="gd-authform"
          aria-label="登录"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Field label="姓名" htmlFor="gd-login-name">
            <input
              id="gd-login-name"
              className="gd-input"
              autoComplete="username"
              autoFocus
              maxLength={TEXT_LIMITS.name}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </Field>
          <SecretField id="gd-login-secret" label="密码 / PIN" autoComplete="current-password" inputRef={secretRef} value={secret} onChange={setSecret} />
          {problem && (
            <div className="gd-authform__problem" role="alert">
              <Icon name="warning" size={15} />
              <span>{problem}</span>
            </div>
          )}
          <BusyButton ref={submitRef} type="submit" className="gd-button gd-button--primary gd-authform__submit" isBusy={isBusy}>
            登录
          </BusyButton>
        </form>
        <p className="gd-authcard__foot">忘记密码请联系管理员重置。</p>
      </section>
      {demo && <DemoAccountList demo={demo} onPick={pick} onEnter={enter} isBusy={isBusy} />}
    </div>
  );
}

interface DemoAccountListProps {
  readonly demo: DemoAccounts;
  readonly onPick: (name: string) => void;
  readonly onEnter: (name: string) => void;
  readonly isBusy: boolean;
}

function DemoAccountList({ demo, onPick, onEnter, isBusy }: DemoAccountListProps) {
  const first = demo.accounts.find((a) => a.role === 'supervisor') ?? demo.accounts[0];
  return (
    <aside className="gd-demoaccounts" aria-labelledby="gd-demoaccounts-title">
      <h2 id="gd-demoaccounts-title">
        演示账号<span className="gd-demoaccounts__mark">（仅供演示）</span>
      </h2>
      <p className="gd-demoaccounts__lead">
        <span>
          演示城区为每个角色准备了账号，密码均为 <code className="gd-demoaccounts__password">{demo.password}</code>。
        </span>
        <span>点击姓名即可填入登录表单{first ? '，或直接进入演示' : ''}。</span>
      </p>
      {first && (
        <p className="gd-demoaccounts__lead">
          <BusyButton className="gd-button gd-button--primary" isBusy={isBusy} onClick={() => onEnter(first.name)}>
            直接进入演示（以{OPERATOR_ROLE_LABELS[first.role]}「{first.name}」登录）
          </BusyButton>
        </p>
      )}
      <div className="gd-demoaccounts__groups">
        {OPERATOR_ROLES.map((role) => {
          const members = demo.accounts.filter((a) => a.role === role);
          if (members.length === 0) return null;
          return (
            <div key={role} className="gd-demoaccounts__group" role="group" aria-label={OPERATOR_ROLE_LABELS[role]}>
              <span className="gd-demoaccounts__role">{OPERATOR_ROLE_LABELS[role]}</span>
              <span className="gd-demoaccounts__names">
                {members.map((a) => (
                  <button key={a.name} type="button" className="gd-demoaccounts__name" onClick={() => onPick(a.name)}>
                    {a.name}
                  </button>
                ))}
              </span>
            </div>
          );
        })}
      </div>
      <p className="gd-demoaccounts__warn">
        <Icon name="warning" size={14} />
        演示账号的密码是公开的，只用于熟悉软件。正式使用请创建本单位的管理员和操作员。
      </p>
    </aside>
  );
}
