import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Icon } from './Icon';
import { ToastContext, type ToastInput } from './toastContext';
import './ui.css';

interface ShownToast extends ToastInput {
  readonly id: number;
}

const LIFETIME_MS: Record<ToastInput['tone'], number> = { success: 4000, info: 4000, error: 9000 };
const MAX_SHOWN = 4;

/** Short messages bottom right: the result of every action, errors kept longer. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<readonly ShownToast[]>([]);
  const nextId = useRef(1);
  const timers = useRef(new Map<number, number>());

  const dismiss = useCallback((id: number) => {
    setToasts((list) => list.filter((t) => t.id !== id));
    const timer = timers.current.get(id);
    if (timer !== undefined) window.clearTimeout(timer);
    timers.current.delete(id);
  }, []);

  const show = useCallback(
    (toast: ToastInput) => {
      const id = nextId.current++;
      setToasts((list) => [...list, { ...toast, id }].slice(-MAX_SHOWN));
      timers.current.set(id, window.setTimeout(() => dismiss(id), LIFETIME_MS[toast.tone]));
    },
    [dismiss],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending.values()) window.clearTimeout(timer);
    };
  }, []);

  const api = useMemo(() => ({ show }), [show]);
  return (
    <ToastContext value={api}>
      {children}
      <div className="gd-toasts" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`gd-toast gd-toast--${t.tone}`} role={t.tone === 'error' ? 'alert' : 'status'}>
            <Icon name={t.tone === 'error' ? 'warning' : t.tone === 'success' ? 'check' : 'clock'} size={16} />
            <div className="gd-toast__body">
              <div className="gd-toast__text">{t.text}</div>
              {t.detail && <div className="gd-toast__detail">{t.detail}</div>}
            </div>
            <button type="button" className="gd-toast__close" aria-label="关闭提示" onClick={() => dismiss(t.id)}>
              <Icon name="close" size={12} />
            </button>
          </div>
        ))}
      </div>
    </ToastContext>
  );
}
