/** Calendar dates 'YYYY-MM-DD' (no time zone involved: plain day arithmetic). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y ?? 2000, (m ?? 1) - 1, (d ?? 1) + days));
  return t.toISOString().slice(0, 10);
}
