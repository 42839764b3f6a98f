/** How the backup pages name what a backup holds and why it was made. */

const COUNT_LABELS: readonly (readonly [string, string])[] = [
  ['incidents', '案件'],
  ['incidentEvents', '办理记录'],
  ['grids', '网格'],
  ['persons', '人员'],
  ['operators', '操作员'],
  ['importBatches', '导入批次'],
  ['attachments', '照片'],
];

const REASON_LABELS: Readonly<Record<string, string>> = {
  manual: '手动备份',
  startup: '启动时自动',
  daily: '每日自动',
  'before-restore': '恢复前自动保留',
};

export function reasonLabel(reason: string | null): string {
  if (reason === null) return '—';
  return REASON_LABELS[reason] ?? reason;
}

/** The counts of a backup as label and number, in a fixed order, unknown kinds last. */
export function countEntries(counts: object | null | undefined): { label: string; value: string }[] {
  if (!counts) return [];
  const all = counts as Readonly<Record<string, number>>;
  const known = COUNT_LABELS.filter(([key]) => key in counts).map(([key, label]) => ({ label, value: (all[key] ?? 0).toLocaleString('zh-CN') }));
  const others = Object.keys(all)
    .filter((key) => !COUNT_LABELS.some(([k]) => k === key))
    .map((key) => ({ label: key, value: (all[key] ?? 0).toLocaleString('zh-CN') }));
  return [...known, ...others];
}

/** The counts a list shows: the event log and import batches only in the full report. */
export function mainCounts(counts: object | null | undefined): { label: string; value: string }[] {
  return countEntries(counts).filter((c) => c.label !== '办理记录' && c.label !== '导入批次');
}

/** '案件 3,000 · 网格 214 · 人员 315' — the main counts in one line. */
export function countsLine(counts: object | null | undefined): string {
  return mainCounts(counts)
    .map((c) => `${c.label} ${c.value}`)
    .join(' · ');
}
