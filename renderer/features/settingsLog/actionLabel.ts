/** The Chinese name of a logged action, from the one list in the domain home. */
export { settingsActionLabel as actionLabel, SETTINGS_ACTION_LABELS } from '../../../db/domain/settingsActions';
