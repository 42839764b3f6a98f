/**
 * People's names as the desk stores them: NFKC (full-width letters and digits folded), no invisible
 * characters (zero-width spaces and joiners, bidi marks, soft hyphens, BOM), inner runs of spaces made
 * one, trimmed. Two names that look the same are then the same string, so uniqueness holds.
 */
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\u{E0000}-\u{E0FFF}]/gu;
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;

export function normaliseName(name: string): string {
  return name.normalize('NFKC').replace(INVISIBLE, '').replace(CONTROL, '').replace(/\s+/g, ' ').trim();
}

/** Whether a name had characters that normalising removes or changes (to tell the user). */
export function nameWasChanged(name: string): boolean {
  return normaliseName(name) !== name.trim();
}
