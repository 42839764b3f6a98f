import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { Icon } from './Icon';
import './ui.css';

interface DialogProps {
  readonly title: string;
  readonly children: ReactNode;
  /** Buttons, right-aligned at the bottom. */
  readonly footer?: ReactNode;
  /** Esc, the close button and a click outside call this; omit it for a dialog that must be answered. */
  readonly onClose?: () => void;
  readonly size?: 'small' | 'medium' | 'large';
  /** A line under the title. */
  readonly subtitle?: ReactNode;
}

const FOCUSABLE = 'input:not([disabled]), textarea:not([disabled]), select:not([disabled]), button:not([disabled]), [tabindex="0"]';

/** A modal dialog above everything (maps included); focus moves in and comes back when it closes. */
export function Dialog({ title, children, footer, onClose, size = 'medium', subtitle }: DialogProps) {
  const titleId = useId();
  const boxRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const box = boxRef.current;
    const first = box?.querySelector('.gd-dialog__body')?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? box)?.focus();
    return () => previous?.focus?.();
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && onClose) {
      e.stopPropagation();
      onClose();
      return;
    }
    if (e.key === 'Tab' && boxRef.current) {
      // Keep Tab inside the dialog.
      const items = [...boxRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
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
    }
  };

  return createPortal(
    <div
      className="gd-dialog__backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose?.();
      }}
    >
      <div
        ref={boxRef}
        className={`gd-dialog gd-dialog--${size}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <header className="gd-dialog__head">
          <div>
            <h2 id={titleId} className="gd-dialog__title">
              {title}
            </h2>
            {subtitle && <div className="gd-dialog__subtitle">{subtitle}</div>}
          </div>
          {onClose && (
            <button type="button" className="gd-iconbutton gd-iconbutton--plain" onClick={onClose} aria-label="关闭" title="关闭（Esc）">
              <Icon name="close" size={14} />
            </button>
          )}
        </header>
        <div className="gd-dialog__body">{children}</div>
        {footer && <footer className="gd-dialog__foot">{footer}</footer>}
      </div>
    </div>,
    document.body,
  );
}
