import { INDICATOR_INFO, type AssessIndicatorId } from '../../../electron/contract';

export function formatScore(score: number | null): string {
  return score === null ? '—' : score.toFixed(2);
}

export function formatPoints(points: number): string {
  return Number.isInteger(points) ? String(points) : points.toFixed(2);
}

/** A figure as the indicator counts it: a rate in %, a count or length with its unit. */
export function formatValue(id: AssessIndicatorId, value: number | null): string {
  if (value === null) return '—';
  const info = INDICATOR_INFO[id];
  if (info.kind === 'rate') return `${(value * 100).toFixed(2)}%`;
  return `${Number.isInteger(value) ? value.toLocaleString('zh-CN') : value.toFixed(1)}${info.unit ? ` ${info.unit}` : ''}`;
}

export function shortHash(hash: string): string {
  return `${hash.slice(0, 12)}…${hash.slice(-6)}`;
}
