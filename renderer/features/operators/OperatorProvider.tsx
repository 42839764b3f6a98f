import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { Operator } from '../../../electron/contract';
import { useCall } from '../../api/useCall';
import { OperatorContext, type OperatorState } from './operatorContext';
import { readStoredOperatorId, storeOperatorId } from './operatorStorage';

/** Loads the operators and keeps the current one (remembered in localStorage). */
export function OperatorProvider({ children }: { children: ReactNode }) {
  const list = useCall('operators:list', {});
  const [chosenId, setChosenId] = useState<number | null>(() => readStoredOperatorId());
  const [isChooserOpen, setChooserOpen] = useState(false);

  // A remembered id that no longer names an active operator counts as no choice.
  const operator = useMemo(
    () => list.data?.find((o) => o.id === chosenId && o.isActive) ?? null,
    [list.data, chosenId],
  );

  const choose = useCallback((next: Operator) => {
    storeOperatorId(next.id);
    setChosenId(next.id);
    setChooserOpen(false);
  }, []);
  const openChooser = useCallback(() => setChooserOpen(true), []);
  const closeChooser = useCallback(() => setChooserOpen(false), []);

  const value = useMemo<OperatorState>(
    () => ({
      operator,
      operators: list.data,
      error: list.error,
      isChooserOpen,
      choose,
      openChooser,
      closeChooser,
      retry: list.reload,
    }),
    [operator, list.data, list.error, isChooserOpen, choose, openChooser, closeChooser, list.reload],
  );
  return <OperatorContext value={value}>{children}</OperatorContext>;
}
