/** The figure columns shared by the street, grid, category and person tables. */
import type { Figures } from '../../../electron/contract';
import type { FigureColumn } from './FigureTable';
import { formatCount, formatHours, formatRate } from './figures';

type Key = keyof Figures;

export function countColumn<T extends Figures>(key: Key, label: string, extra: Partial<FigureColumn<T>> = {}): FigureColumn<T> {
  return { id: key, label, value: (r) => r[key], render: (r) => formatCount(r[key] ?? 0), ...extra };
}

export function rateColumn<T extends Figures>(key: Key, label: string, extra: Partial<FigureColumn<T>> = {}): FigureColumn<T> {
  return { id: key, label, value: (r) => r[key], render: (r) => formatRate(r[key]), ...extra };
}

export function hoursColumn<T extends Figures>(key: Key, label: string): FigureColumn<T> {
  return { id: key, label, value: (r) => r[key], render: (r) => formatHours(r[key]) };
}

/** Red when there are overdue open cases. */
export const overdueTone = (r: Figures): 'bad' | null => (r.overdueOpen > 0 ? 'bad' : null);
