/** 考核: schemes, the month's draft, publishing, published versions, diffs and one object's detail. */
import {
  diffResults,
  draftAssessment,
  getScheme,
  listPublished,
  listSchemes,
  objectDetail,
  publishAssessment,
  publishedResult,
  saveScheme,
  verifyPublished,
} from '../../db/assess/index';
import { logSettingsChange, withSettingsLog } from '../../db/trust/settingsLog';
import type { Db } from '../../db/open';
import type { Handlers } from '../contract';
import { actorOf } from '../auth/gate';
import type { HandlerDeps } from './deps';

type AssessHandlers = Pick<
  Handlers,
  | 'assess:schemes'
  | 'assess:scheme-save'
  | 'assess:compute'
  | 'assess:publish'
  | 'assess:published'
  | 'assess:result'
  | 'assess:diff'
  | 'assess:object'
  | 'assess:verify'
>;

/** Who may is declared in the contract and enforced by the gate; saving and publishing are logged. */
export function assessHandlers({ db, readDb, now }: HandlerDeps & { readDb: Db }): AssessHandlers {
  const resultOf = (schemeId: number, month: string, version: number | null) =>
    version === null ? draftAssessment(readDb, schemeId, month, now()) : publishedResult(readDb, schemeId, month, version);
  return {
    'assess:schemes': () => listSchemes(readDb),
    'assess:scheme-save': ({ id, definition }, ctx) => {
      const actor = actorOf(ctx);
      const before = id === null ? null : getScheme(db, id);
      return withSettingsLog(
        db,
        actor,
        now(),
        {
          action: 'assess.scheme',
          target: `考核方案「${definition.name}」`,
          before: before ? { version: before.version, definition: before.definition } : null,
          after: (s) => ({ version: s.version, definition: s.definition }),
        },
        () => saveScheme(db, { id, definition }, { operatorId: actor.operatorId, name: actor.name }, now()),
      );
    },
    'assess:compute': ({ schemeId, month }) => draftAssessment(readDb, schemeId, month, now()),
    'assess:publish': ({ schemeId, month }, ctx) => publishAs(db, schemeId, month, actorOf(ctx), now()),
    'assess:published': ({ month, schemeId }) => listPublished(readDb, { month, schemeId }),
    'assess:result': ({ schemeId, month, version }) => resultOf(schemeId, month, version),
    'assess:diff': ({ schemeId, month, from, to }) =>
      diffResults(readDb, publishedResult(readDb, schemeId, month, from), resultOf(schemeId, month, to)),
    'assess:object': ({ schemeId, month, version, type, code }) => objectDetail(readDb, resultOf(schemeId, month, version), type, code),
    'assess:verify': () => {
      const v = verifyPublished(readDb);
      return listPublished(readDb).map((p) => ({ id: p.id, period: p.period, schemeId: p.schemeId, version: p.version, isVerified: p.isVerified && !v.failed.some((f) => f.id === p.id) }));
    },
  };
}

/** Publishes as an operator, logging it when a new version was stored (a refusal or "unchanged" logs nothing). */
export function publishAs(db: Db, schemeId: number | string, month: string, actor: { operatorId: number | null; name: string }, at: number) {
  return publishAssessment(db, schemeId, month, { operatorId: actor.operatorId, name: actor.name }, at, (outcome) =>
    logSettingsChange(
      db,
      actor,
      {
        action: 'assess.publish',
        target: `${month}「${outcome.result.scheme.name}」考核结果第 ${outcome.result.version} 版`,
        after: { version: outcome.result.version, hash: outcome.result.hash, schemeVersion: outcome.result.scheme.version },
      },
      at,
    ),
  );
}
