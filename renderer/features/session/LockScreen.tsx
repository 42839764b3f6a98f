import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type { Account } from '../../../electron/contract';
import { OPERATOR_ROLE_LABELS } from '../../../db/domain/labels';
import { toApiError } from '../../api/client';
import { BusyButton } from '../../ui/BusyButton';
import { Icon } from '../../ui/Icon';
import { SecretField } from '../../ui/SecretField';
import './session.css';

interface LockScreenProps {
  readonly operator: Account;
  readonly idleLockMinutes: number;
  /** Rejects with the host's message when the password is wrong. */
  readonly onUnlock: (secret: string) => Promise<void>;
  readonly onLogout: () => Promise<void>;
}

/**
 * The lock screen, over the desk: the page underneath stays mounted (a half-typed form keeps its text)
 * but is hidden, and made inert so neither the mouse nor Tab reaches it. The same operator's password
 * unlocks; focus then returns to where it was. Someone else logs out first.
 */
export function LockScreen({ operator, idleLockMinutes, onUnlock, onLogout }: LockScreenProps) {
  const titleId = useId();
  const hostRef = useRef<HTMLDivElement>(null);
  const secretRef = useRef<HTMLInputElement>(null);
  const [secret, setSecret] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const host = hostRef.current;
    // Everything else on the page (the desk, open dialogs, toasts) is out of reach while locked.
    const madeInert: Element[] = [];
    for (const el of [...document.body.children]) {
      if (el === host || el.hasAttribute('inert')) continue;
      el.setAttribute('inert', '');
      madeInert.push(el);
    }
    secretRef.current?.focus();
    return () => {
      for (const el of madeInert) el.removeAttribute('inert');
      previous?.focus?.();
    };
  }, []);

  const unlock = async () => {
    if (!secret) {
      setProblem('请输入密码或 PIN');
      secretRef.current?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await onUnlock(secret);
    } catch (e) {
      setProblem(toApiError(e).message);
      setSecret('');
      setBusy(false);
      secretRef.current?.focus();
    }
  };

  // Tab stays on the lock screen.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Tab' || !hostRef.current) return;
    const items = [...hostRef.current.querySelectorAll<HTMLElement>('input, button:not([disabled])')];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    <div ref={hostRef} className="gd-lock" role="dialog" aria-modal="true" aria-labelledby={titleId} onKeyDown={onKeyDown}>
      <section className="gd-lock__card">
        <div className="gd-lock__icon">
          <Icon name="lock" size={28} />
        </div>
        <h2 id={titleId} className="gd-lock__title">
          工作台已锁定
        </h2>
        <div className="gd-lock__who">
          <span className="gd-lock__name">{operator.name}</span>
          <span className="gd-lock__role">{OPERATOR_ROLE_LABELS[operator.role]}</span>
        </div>
        <p className="gd-lock__lead">
          <span>输入本人密码即可继续，未保存的内容都还在原处。</span>
          <span className="gd-lock__rule">{idleLockMinutes > 0 ? `鼠标和键盘闲置 ${idleLockMinutes} 分钟后自动锁定。` : '已手动锁定。'}</span>
        </p>
        <form
          className="gd-authform"
          aria-label="解锁"
          onSubmit={(e) => {
            e.preventDefault();
            void unlock();
          }}
        >
          <SecretField id="gd-unlock-secret" label="密码 / PIN" autoComplete="current-password" inputRef={secretRef} value={secret} onChange={setSecret} />
          {problem && (
            <div className="gd-authform__problem" role="alert">
              <Icon name="warning" size={15} />
              <span>{problem}</span>
            </div>
          )}
          <BusyButton type="submit" className="gd-button gd-button--primary gd-authform__submit" isBusy={isBusy}>
            解锁
          </BusyButton>
        </form>
        <div className="gd-lock__foot">
          <span>不是 {operator.name}？</span>
          <button type="button" className="gd-linkbutton" onClick={() => void onLogout()}>
            退出登录，换人登录
          </button>
        </div>
      </section>
    </div>,
    document.body,
  );
}
