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
import { listOperators } from '../../db/queries/operators';
import { listPersons } from '../../db/queries/persons';
import type { Handlers } from '../contract';
import type { HandlerDeps } from './deps';

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
    'incidents:create': (input) => createIncident(db, input, now()),
    'incidents:transition': (input) =>
      transitionIncident(db, { ...input, action: input.action as Parameters<typeof transitionIncident>[1]['action'] }, now()),
    'incidents:bulk-transition': ({ items, ...step }) => {
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
    'incidents:link-duplicate': (input) => linkDuplicate(db, input, now()),
    'incidents:default-assignee': ({ gridCode, categoryId }) => defaultAssigneeInGrid(db, gridCode, categoryId, now()),
  };
}
