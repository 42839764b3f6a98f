import { useEffect, useRef, useState, type Ref } from 'react';
import { TEXT_LIMITS } from '../../../db/domain/limits';
import { Icon } from '../../ui/Icon';

interface SearchBoxProps {
  readonly value: string;
  /** Called after typing pauses. */
  readonly onChange: (text: string) => void;
  readonly inputRef?: Ref<HTMLInputElement>;
  readonly placeholder: string;
  readonly delayMs?: number;
}

/** A search field that reports its text once typing pauses (debounced). */
export function SearchBox({ value, onChange, inputRef, placeholder, delayMs = 300 }: SearchBoxProps) {
  const [text, setText] = useState(value);
  const [synced, setSynced] = useState(value);
  if (synced !== value) {
    // Changed from outside (cleared, or another view opened): follow it.
    setSynced(value);
    setText(value);
  }
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });

  useEffect(() => {
    if (text === synced) return;
    const timer = window.setTimeout(() => latest.current(text), delayMs);
    return () => window.clearTimeout(timer);
  }, [text, synced, delayMs]);

  return (
    <label className="gd-search gd-casefilters__search">
      <Icon name="search" size={15} />
      <input
        ref={inputRef}
        type="search"
        value={text}
        maxLength={TEXT_LIMITS.search}
        placeholder={placeholder}
        aria-label="搜索案件"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') latest.current(text);
          if (e.key === 'Escape') e.currentTarget.blur();
        }}
      />
      {text && (
        <button
          type="button"
          className="gd-search__clear"
          aria-label="清除搜索"
          onClick={() => {
            setText('');
            latest.current('');
          }}
        >
          <Icon name="close" size={13} />
        </button>
      )}
      <kbd className="gd-kbd gd-casefilters__slash" title="按 / 键搜索">
        /
      </kbd>
    </label>
  );
}
