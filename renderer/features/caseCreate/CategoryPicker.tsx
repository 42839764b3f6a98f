import type { Category, CategoryKind } from '../../../electron/contract';
import { LIMIT_UNIT_LABELS } from '../../../db/domain/labels';

interface CategoryPickerProps {
  readonly categories: readonly Category[];
  readonly kind: CategoryKind;
  readonly value: string;
  readonly onKindChange: (kind: CategoryKind) => void;
  readonly onChange: (id: string) => void;
  readonly id: string;
}

const KINDS: readonly { id: CategoryKind; label: string }[] = [
  { id: 'event', label: '事件' },
  { id: 'component', label: '部件' },
];

/** Limit of a small class in words: '4 工作小时'. */
export function limitText(c: Category): string {
  return c.handlingLimit !== null && c.handlingUnit !== null ? `${c.handlingLimit} ${LIMIT_UNIT_LABELS[c.handlingUnit]}` : '未设时限';
}

/** 事件 / 部件, then the small class grouped by its big class, with its time limit. */
export function CategoryPicker({ categories, kind, value, onKindChange, onChange, id }: CategoryPickerProps) {
  const bigClasses = categories.filter((c) => c.level === 1 && c.kind === kind && c.isActive);
  return (
    <>
      <div className="gd-segmented" role="group" aria-label="部件或事件">
        {KINDS.map((k) => (
          <button key={k.id} type="button" className="gd-segmented__item" aria-pressed={kind === k.id} onClick={() => onKindChange(k.id)}>
            {k.label}
          </button>
        ))}
      </div>
      <select id={id} className="gd-select" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">请选择小类…</option>
        {bigClasses.map((big) => (
          <optgroup key={big.id} label={`${big.code} ${big.name}`}>
            {categories
              .filter((c) => c.parentId === big.id && c.isActive)
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}（{limitText(c)}
                  {c.isUrgent ? '，紧急' : ''}）
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </>
  );
}
