/**
 * The 考核 page's state in the address: `#/assess?month=2026-10&scheme=1&view=ranking&type=grid&v=2&object=430102001001001`
 * (v: a published version; absent, the draft), so a ranking, a version or one object's score can be linked to.
 */
import { ASSESS_OBJECT_TYPES, MONTH_PATTERN, type AssessObjectType } from '../../../electron/contract';

export const ASSESS_PATH = '#/assess';

export const ASSESS_VIEWS = ['ranking', 'map', 'versions', 'scheme', 'report'] as const;
export type AssessView = (typeof ASSESS_VIEWS)[number];

export interface AssessQuery {
  readonly month: string | null;
  readonly scheme: number | null;
  readonly view: AssessView;
  readonly type: AssessObjectType | null;
  /** A published version, or null for the draft. */
  readonly version: number | null;
  /** The object whose score is open (its code, of `type`). */
  readonly object: string | null;
}

const positive = (v: string | null): number | null => (v && /^\d{1,9}$/.test(v) && Number(v) > 0 ? Number(v) : null);

export function readAssessQuery(params: URLSearchParams): AssessQuery {
  const month = params.get('month');
  const view = params.get('view');
  const type = params.get('type');
  const object = params.get('object');
  return {
    month: month && MONTH_PATTERN.test(month) ? month : null,
    scheme: positive(params.get('scheme')),
    view: view && (ASSESS_VIEWS as readonly string[]).includes(view) ? (view as AssessView) : 'ranking',
    type: type && (ASSESS_OBJECT_TYPES as readonly string[]).includes(type) ? (type as AssessObjectType) : null,
    version: positive(params.get('v')),
    object: object && /^[\w-]{1,40}$/.test(object) ? object : null,
  };
}

export function assessHash(q: AssessQuery): string {
  const p = new URLSearchParams();
  if (q.month) p.set('month', q.month);
  if (q.scheme !== null) p.set('scheme', String(q.scheme));
  if (q.view !== 'ranking') p.set('view', q.view);
  if (q.type) p.set('type', q.type);
  if (q.version !== null) p.set('v', String(q.version));
  if (q.object) p.set('object', q.object);
  const s = p.toString();
  return s ? `${ASSESS_PATH}?${s}` : ASSESS_PATH;
}
