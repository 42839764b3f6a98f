/** The chosen operator is remembered on this PC, so the desk reopens as the same person. */
export const OPERATOR_STORAGE_KEY = 'griddesk.operatorId';

export function readStoredOperatorId(): number | null {
  try {
    const raw = window.localStorage.getItem(OPERATOR_STORAGE_KEY);
    const id = raw === null ? NaN : Number(raw);
    return Number.isInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

export function storeOperatorId(id: number): void {
  try {
    window.localStorage.setItem(OPERATOR_STORAGE_KEY, String(id));
  } catch {
    // Storage refused (private mode): the choice lasts for this session only.
  }
}
