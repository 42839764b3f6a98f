import { isAppError } from '../../db/errors';
import { toWgs84 } from '../../db/geo';
import {
  createIncident,
  defaultAssigneeInGrid,
  linkDuplicate,
  suggestDuplicates,
  transitionIncident,
} from '../../db/queries/caseWorkflow';
import { countIncidents, getIncident, listIncidents } from '../../db/queries/incidents';
import { explainConflict } from '../../db/queries/lastStep';
import { listOperators } from '../../db/queries/operators';
import { listPersons } from '../../db/queries/persons';
import type { Handlers } from '../contract';
import type { HandlerDeps } from './deps';
import { operatorIdOf } from '../auth/gate';

type IncidentHandlers = Pick<
  Handlers,
  | 'operators:list'
  | 'persons:list'
  | 'incidents:list'
  | 'incidents:count'
  | 'incidents:get'
  | 'incidents:create'
  | 'incidents:transition'
  | 'incidents:bulk-transition'
  | 'incidents:suggest-duplicates'
  | 'incidents:link-duplicate'
  | 'incidents:default-assignee'
>;

export function incidentHandlers({ db, now }: HandlerDeps): IncidentHandlers {
  return {
    'operators:list': () => listOperators(db),
    'persons:list': (input) => listPersons(db, input, now()),
    'incidents:list': (input) => listIncidents(db, input, now()),
    'incidents:count': ({ filter }) => countIncidents(db, filter, now()),
    'incidents:get': ({ id }) => getIncident(db, id),
    // The operator is the session's and the time the host's: nothing in the request says who or when.
    'incidents:create': (input, ctx) => createIncident(db, { ...input, operatorId: operatorIdOf(ctx, '登记案件') }, now()),
    'incidents:transition': (input, ctx) => {
      try {
        return transitionIncident(
          db,
          { ...input, operatorId: operatorIdOf(ctx, '流转案件'), action: input.action as Parameters<typeof transitionIncident>[1]['action'] },
          now(),
        );
      } catch (e) {
        // Another desk was first: say who took which step.
        throw explainConflict(db, input.incidentId, e);
      }
    },
    'incidents:bulk-transition': ({ items, ...rest }, ctx) => {
      const step = { ...rest, operatorId: operatorIdOf(ctx, '流转案件') };
      const result: { done: number[]; failed: { incidentId: number; message: string }[] } = { done: [], failed: [] };
      for (const item of items) {
        try {
          transitionIncident(
            db,
            { ...step, ...item, action: step.action as Parameters<typeof transitionIncident>[1]['action'] },
            now(),
          );
          result.done.push(item.incidentId);
        } catch (e) {
          if (!isAppError(e)) throw e;
          result.failed.push({ incidentId: item.incidentId, message: e.message });
        }
      }
      return result;
    },
    'incidents:suggest-duplicates': ({ crs, lon, lat, at, ...rest }) => {
      const [wLon, wLat] = toWgs84(lon, lat, crs);
      return suggestDuplicates(db, { ...rest, lon: wLon, lat: wLat, at: at ?? now() });
    },
    'incidents:link-duplicate': (input, ctx) => linkDuplicate(db, { ...input, operatorId: operatorIdOf(ctx, '标记重复') }, now()),
    'incidents:default-assignee': ({ gridCode, categoryId }) => defaultAssigneeInGrid(db, gridCode, categoryId, now()),
  };
}
