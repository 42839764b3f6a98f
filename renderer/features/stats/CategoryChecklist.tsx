import { useMemo } from 'react';
import type { Category } from '../../../electron/contract';

interface CategoryChecklistProps {
  readonly categories: readonly Category[];
  readonly value: ReadonlySet<number>;
  readonly onChange: (next: Set<number>) => void;
}

/** Small classes grouped under their big class, events first; a group's box ticks all of it. */
export function CategoryChecklist({ categories, value, onChange }: CategoryChecklistProps) {
  const groups = useMemo(() => {
    const big = categories.filter((c) => c.level === 1).sort((a, b) => (a.kind === b.kind ? a.code.localeCompare(b.code) : a.kind === 'event' ? -1 : 1));
    return big
      .map((b) => ({ big: b, items: categories.filter((c) => c.level === 2 && c.parentId === b.id && c.isActive) }))
      .filter((g) => g.items.length > 0);
  }, [categories]);
  const cleanupIds = useMemo(() => categories.filter((c) => c.level === 2 && c.isActive && c.cleanupLabel).map((c) => c.id), [categories]);

  const setMany = (ids: readonly number[], isOn: boolean) => {
    const next = new Set(value);
    for (const id of ids) {
      if (isOn) next.add(id);
      else next.delete(id);
    }
    onChange(next);
  };

  return (
    <div className="gd-catcheck">
      <div className="gd-catcheck__presets">
        <button type="button" className="gd-button gd-button--small" onClick={() => onChange(new Set(cleanupIds))}>
          清理类类别
        </button>
        <button type="button" className="gd-button gd-button--small" disabled={value.size === 0} onClick={() => onChange(new Set())}>
          清空
        </button>
        <span className="gd-catcheck__count">已选 {value.size} 类</span>
      </div>
      <div className="gd-catcheck__list">
        {groups.map(({ big, items }) => {
          const chosen = items.filter((c) => value.has(c.id)).length;
          return (
            <fieldset key={big.id} className="gd-catcheck__group">
              <legend>
                <label className="gd-check">
                  <input
                    type="checkbox"
                    checked={chosen === items.length}
                    ref={(el) => {
                      if (el) el.indeterminate = chosen > 0 && chosen < items.length;
                    }}
                    onChange={(e) => setMany(items.map((c) => c.id), e.target.checked)}
                  />
                  {big.kind === 'component' ? '部件 · ' : ''}
                  {big.name}
                </label>
              </legend>
              {items.map((c) => (
                <label key={c.id} className="gd-check gd-catcheck__item">
                  <input type="checkbox" checked={value.has(c.id)} onChange={(e) => setMany([c.id], e.target.checked)} />
                  {c.name}
                </label>
              ))}
            </fieldset>
          );
        })}
      </div>
    </div>
  );
}
