import type { Db } from '../../db/open';

/** What every domain's handlers receive. */
export interface HandlerDeps {
  readonly db: Db;
  readonly now: () => number;
}
