import { CALLBACK_LIMIT } from '../../../db/domain/hotline';
import { LIMIT_UNIT_LABELS } from '../../../db/domain/labels';

/** '1 个工作日': how soon after 办结 the citizen is called back, in the domain's words. */
export const CALLBACK_LIMIT_TEXT = `${CALLBACK_LIMIT.value} 个${LIMIT_UNIT_LABELS[CALLBACK_LIMIT.unit]}`;
