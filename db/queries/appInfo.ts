/**
 * What the app's header and about box show of the store: the schema version, the unit's name, how
 * much it holds, and whether it is the demo district.
 */
import type { Db } from '../open';
import type { AppInfo } from '../types';
import { getSetting } from './settings';

export function storeFacts(db: Db): Pick<AppInfo, 'schemaVersion' | 'unitName' | 'counts' | 'demo'> {
  const counts = db
    .prepare(
      `SELECT (SELECT count(*) FROM grids) AS grids, (SELECT count(*) FROM persons) AS persons,
              (SELECT count(*) FROM categories) AS categories, (SELECT count(*) FROM incidents) AS incidents`,
    )
    .get() as AppInfo['counts'];
  return {
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    unitName: getSetting<string>(db, 'unit_name') ?? 'GridDesk',
    counts,
    demo: getSetting<AppInfo['demo']>(db, 'demo'),
  };
}
