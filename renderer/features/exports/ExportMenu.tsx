import { useEffect, useId, useRef, useState } from 'react';
import { EXPORT_FORMATS, type ExportFormat } from '../../../electron/contract';
import { Icon } from '../../ui/Icon';
import { EXPORT_FORMAT_INFO } from './formats';

interface ExportMenuProps {
  /** Cases the current filter matches (null while counting). */
  readonly total: number | null;
  readonly isBusy: boolean;
  readonly isDisabled?: boolean;
  readonly onChoose: (format: ExportFormat) => void;
}

/** 导出: a button opening the formats, each exporting the cases the current filter shows. */
export function ExportMenu({ total, isBusy, isDisabled = false, onChoose }: ExportMenuProps) {
  const [isOpen, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const isEmpty = total === 0;

  useEffect(() => {
    if (!isOpen) return;
    const onDown = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    // The first format takes the focus, so the keyboard can go on from the button.
    rootRef.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    return () => document.removeEventListener('mousedown', onDown);
  }, [isOpen]);

  const moveFocus = (step: number) => {
    const items = [...(rootRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    items[(at + step + items.length) % items.length]?.focus();
  };

  return (
    <div
      ref={rootRef}
      className="gd-exportmenu"
      onKeyDown={(e) => {
        if (!isOpen) return;
        if (e.key === 'Escape') {
          e.stopPropagation();
          setOpen(false);
          rootRef.current?.querySelector<HTMLButtonElement>('.gd-exportmenu__button')?.focus();
        } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          moveFocus(e.key === 'ArrowDown' ? 1 : -1);
        }
      }}
    >
      <button
        type="button"
        className="gd-button gd-exportmenu__button"
        aria-haspopup="menu"
        aria-expanded={isOpen}
        aria-controls={isOpen ? menuId : undefined}
        disabled={isBusy || isDisabled || isEmpty}
        title={isBusy ? '正在导出…' : isEmpty ? '当前筛选没有案件' : '按当前筛选导出案件'}
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="import" size={15} />
        导出
        <Icon name="chevron" size={12} className="gd-exportmenu__chevron" />
      </button>
      {isOpen && (
        <div id={menuId} className="gd-exportmenu__popup" role="menu" aria-label="导出格式">
          <div className="gd-exportmenu__head" aria-hidden="true">
            导出当前筛选的 {total === null ? '全部' : `${total.toLocaleString('zh-CN')} 件`}案件
          </div>
          {EXPORT_FORMATS.map((format) => (
            <button
              key={format}
              type="button"
              role="menuitem"
              className="gd-exportmenu__item"
              onClick={() => {
                setOpen(false);
                onChoose(format);
              }}
            >
              <span className="gd-exportmenu__label">{EXPORT_FORMAT_INFO[format].label}</span>
              <span className="gd-exportmenu__hint">{EXPORT_FORMAT_INFO[format].hint}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
