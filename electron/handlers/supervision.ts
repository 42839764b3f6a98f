import { transitionIncident } from '../../db/queries/caseWorkflow';
import { getLadders, runLadder, setLadder } from '../../db/supervision/ladder';
import { myQueue } from '../../db/queries/queue';
import { buildNotices } from '../report/noticesHtml';
import { withSettingsLog } from '../../db/trust/settingsLog';
import type { Handlers } from '../contract';
import { actorOf, operatorIdOf } from '../auth/gate';
import type { HandlerDeps } from './deps';

type SupervisionHandlers = Pick<
  Handlers,
  'supervision:ladders' | 'supervision:set-ladder' | 'supervision:urge' | 'supervision:run' | 'supervision:notices-html' | 'queue:mine'
>;

/** 催办/督办 and the operator's queue; who may is declared in the contract and enforced by the gate. */
export function supervisionHandlers({ db, now }: HandlerDeps): SupervisionHandlers {
  return {
    'supervision:ladders': () => getLadders(db),
    'supervision:set-ladder': ({ categoryId, ladder }, ctx) => {
      const before = getLadders(db);
      const target = categoryId === null ? '默认催办督办规则' : `类别 #${categoryId} 的催办督办规则`;
      return withSettingsLog(
        db,
        actorOf(ctx),
        now(),
        { action: 'supervision.ladder', target, before: categoryId === null ? before.default : (before.categories[String(categoryId)] ?? null), after: () => ladder },
        () => setLadder(db, categoryId, ladder, now()),
      );
    },
    'supervision:urge': ({ incidentId, expectedVersion, note }, ctx) =>
      transitionIncident(db, { incidentId, expectedVersion, note, action: 'urge', operatorId: operatorIdOf(ctx, '催办') }, now()),
    'supervision:run': () => runLadder(db, now()),
    'supervision:notices-html': ({ kind, areaCode }) => buildNotices(db, { kind, areaCode, now: now() }),
    'queue:mine': ({ limit }, ctx) => {
      const actor = actorOf(ctx);
      return myQueue(db, actor, now(), limit);
    },
  };
}
