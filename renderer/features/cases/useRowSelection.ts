import { useCallback, useState } from 'react';
import type { IncidentListItem } from '../../../electron/contract';

export interface RowSelection {
  /** Ticked cases by id, with the row as it was when ticked (its version goes into a bulk step). */
  readonly selected: ReadonlyMap<number, IncidentListItem>;
  readonly ids: ReadonlySet<number>;
  /** Tick or untick one row; with shift, the whole range from the last row ticked. */
  readonly toggle: (items: readonly IncidentListItem[], index: number, withShift: boolean) => void;
  readonly setAll: (items: readonly IncidentListItem[], isChecked: boolean) => void;
  readonly clear: () => void;
  /** Forget rows that are done (after a bulk step), keep the rest. */
  readonly drop: (ids: readonly number[]) => void;
}

export function useRowSelection(): RowSelection {
  const [selected, setSelected] = useState<ReadonlyMap<number, IncidentListItem>>(new Map());
  const [anchor, setAnchor] = useState<number | null>(null);

  const toggle = useCallback(
    (items: readonly IncidentListItem[], index: number, withShift: boolean) => {
      const item = items[index];
      if (!item) return;
      setSelected((prev) => {
        const next = new Map(prev);
        if (withShift && anchor !== null && anchor !== index) {
          const [from, to] = anchor < index ? [anchor, index] : [index, anchor];
          for (let k = from; k <= to; k++) {
            const row = items[k];
            if (row) next.set(row.id, row);
          }
        } else if (next.has(item.id)) {
          next.delete(item.id);
        } else {
          next.set(item.id, item);
        }
        return next;
      });
      setAnchor(index);
    },
    [anchor],
  );

  const setAll = useCallback((items: readonly IncidentListItem[], isChecked: boolean) => {
    setSelected(isChecked ? new Map(items.map((i) => [i.id, i])) : new Map());
    setAnchor(null);
  }, []);

  const clear = useCallback(() => {
    setSelected(new Map());
    setAnchor(null);
  }, []);

  const drop = useCallback((ids: readonly number[]) => {
    setSelected((prev) => {
      const next = new Map(prev);
      for (const id of ids) next.delete(id);
      return next;
    });
  }, []);

  return { selected, ids: new Set(selected.keys()), toggle, setAll, clear, drop };
}
