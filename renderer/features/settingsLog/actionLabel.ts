/**
 * The name of a logged action. The Chinese names are kept beside the log on the host
 * (db/trust/settingsLog.ts), which the page may not import; until they move to the pure domain home
 * (db/domain), the page shows an action by its code and lists the codes it has seen in the filter.
 */
export function actionLabel(action: string): string {
  return action;
}
