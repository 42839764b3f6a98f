import { useEffect, useId, useRef, useState } from 'react';
import { Icon } from './Icon';

interface MultiSelectProps<T extends string> {
  readonly label: string;
  readonly options: readonly { value: T; label: string }[];
  readonly value: readonly T[];
  readonly onChange: (value: T[]) => void;
  /** Quick picks above the list, e.g. 在办 for the open statuses. */
  readonly presets?: readonly { label: string; value: readonly T[] }[];
}

/** A compact dropdown of checkboxes; the button says what is chosen. */
export function MultiSelect<T extends string>({ label, options, value, onChange, presets = [] }: MultiSelectProps<T>) {
  const [isOpen, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const listId = useId();

  useEffect(() => {
    if (!isOpen) return;
    const onDown = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [isOpen]);

  const chosen = options.filter((o) => value.includes(o.value));
  const summary =
    chosen.length === 0 ? '全部' : chosen.length <= 2 ? chosen.map((o) => o.label).join('、') : `${chosen[0]!.label} 等 ${chosen.length} 项`;
  const toggle = (v: T) => onChange(value.includes(v) ? value.filter((x) => x !== v) : options.map((o) => o.value).filter((x) => x === v || value.includes(x)));

  return (
    <div
      ref={rootRef}
      className="gd-multiselect"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && isOpen) {
          e.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <button
        type="button"
        className={`gd-multiselect__button${chosen.length ? ' is-active' : ''}`}
        aria-haspopup="true"
        aria-expanded={isOpen}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="gd-multiselect__label">{label}</span>
        <span className="gd-multiselect__summary">{summary}</span>
        <Icon name="chevron" size={12} className="gd-multiselect__chevron" />
      </button>
      {isOpen && (
        <div id={listId} className="gd-multiselect__popup" role="group" aria-label={label}>
          {presets.length > 0 && (
            <div className="gd-multiselect__presets">
              {presets.map((p) => (
                <button key={p.label} type="button" className="gd-button gd-button--small" onClick={() => onChange([...p.value])}>
                  {p.label}
                </button>
              ))}
              <button type="button" className="gd-button gd-button--small" onClick={() => onChange([])}>
                全部
              </button>
            </div>
          )}
          {options.map((o) => (
            <label key={o.value} className="gd-check gd-multiselect__option">
              <input type="checkbox" checked={value.includes(o.value)} onChange={() => toggle(o.value)} />
              {o.label}
            </label>
          ))}
        </div>
      )}
    </div>
  );
}
