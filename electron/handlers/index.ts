/**
 * The service handlers: one implementation of the contract, over the database, with no Electron
 * import. Electron main binds it to IPC, browser mode to HTTP, the CLI and the tests call it directly.
 */
import type { Db } from '../../db/open';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index';
import { gridTree, listGridGeometries, listGrids, locateGrid } from '../../db/queries/grids';
import { listCategories } from '../../db/queries/categories';
import { storeFacts } from '../../db/queries/appInfo';
import { toWgs84 } from '../../db/geo';
import { loadDemo } from '../../db/demo/load';
import { shanghaiDate } from '../../db/domain/time';
import type { AppInfo } from '../../db/types';
import type { Handlers } from '../contract';
import { incidentHandlers } from './incidents';
import { adminHandlers } from './admin';
import { importHandlers } from './imports';
import { statsHandlers } from './stats';
import { mapHandlers } from './map';
import { createTileService, type TileService } from '../tiles/tileService';
import { SessionStore } from '../auth/sessions';
import { sessionHandlers } from '../auth/handlers';
import { bindGate, createGate } from '../auth/gate';
import { readSecurity } from '../../db/trust/security';
import { enableDemoAccounts, isEmptyDatabase } from '../../db/trust/accounts';
import { AppError } from '../../db/domain/errors';
import { backupHandlers, type BackupDeps } from './backup';
import { hotlineHandlers } from './hotline';
import { supervisionHandlers } from './supervision';
import { reportHandlers } from './reports';
import { exportHandlers } from './exports';
import { hostHandlers } from './host';
import { assessHandlers } from './assess';
import { patrolHandlers } from './patrol';
import { unitHandlers } from './units';
import { chromiumOutput, type HostOutput } from '../report/output';
import path from 'node:path';
import type { CallHostTasks } from '../callHost/callHost';

export interface HandlerContext {
  readonly db: Db;
  readonly databasePath: string;
  readonly transport: AppInfo['transport'];
  readonly version: string;
  /** Electron's build of better-sqlite3, for connections opened in worker threads (imports). */
  readonly nativeBinding?: string | undefined;
  /** The clock, injectable so tests can stand at a fixed time. */
  readonly now?: () => number;
  /** Basemap settings and offline tiles, shared with the transport that serves the tiles. */
  readonly tiles?: TileService;
  /** Logged-in sessions; default: a store of this host's own. */
  readonly sessions?: SessionStore;
  /**
   * A read-only connection to the same file for the statistics and reports, so their long reads never
   * queue behind (or hold up) a write on `db`; default: `db` itself.
   */
  readonly readDb?: Db;
  /** The host runtime's restore swap (absent for the command line and tests: restore is then refused). */
  readonly restore?: BackupDeps['restore'];
  /** The last automatic backup's failure. */
  readonly lastBackupError?: () => string | null;
  /** How reports become PDF files and where saved files go; default: a local Chromium, the page downloads. */
  readonly output?: HostOutput;
  /** The call host's workers, for the export job's file and the summary's HTML (default: on this thread). */
  readonly callHost?: CallHostTasks | undefined;
}

export function createHandlers(ctx: HandlerContext): Handlers {
  const { db } = ctx;
  const now = ctx.now ?? Date.now;
  const sessions = ctx.sessions ?? new SessionStore(now, () => readSecurity(db).idleLockMinutes);
  const output = ctx.output ?? chromiumOutput();

  const handlers: Handlers = {
    ...sessionHandlers({ db, now, sessions }),
    ...backupHandlers({ db, now, databasePath: ctx.databasePath, version: ctx.version, restore: ctx.restore, lastError: ctx.lastBackupError }),
    ...incidentHandlers({ db, now }),
    ...hotlineHandlers({ db, now }),
    ...supervisionHandlers({ db, now }),
    ...statsHandlers({ db, readDb: ctx.readDb ?? db, now }),
    ...reportHandlers({ readDb: ctx.readDb ?? db, now, output, weeklyHtml: ctx.callHost?.weeklyHtml }),
    ...assessHandlers({ db, readDb: ctx.readDb ?? db, now }),
    ...patrolHandlers({ db, readDb: ctx.readDb ?? db, now }),
    ...unitHandlers({ db, now }),
    ...hostHandlers({ db, now, databasePath: ctx.databasePath }),
    ...exportHandlers({ db, readDb: ctx.readDb ?? db, now, databasePath: ctx.databasePath, nativeBinding: ctx.nativeBinding, output, runner: ctx.callHost?.runExport }),
    ...mapHandlers({ db, now, transport: ctx.transport, tiles: ctx.tiles ?? createTileService(db, { nativeBinding: ctx.nativeBinding }) }),
    ...adminHandlers({ db, now, attachmentsDir: path.join(path.dirname(ctx.databasePath), 'attachments') }),
    ...importHandlers({ db, now, databasePath: ctx.databasePath, nativeBinding: ctx.nativeBinding, transport: ctx.transport }),
    'app:info': () => {
      const facts = storeFacts(db);
      return {
        version: ctx.version,
        schemaVersion: facts.schemaVersion,
        databasePath: ctx.databasePath,
        transport: ctx.transport,
        unitName: facts.unitName,
        counts: facts.counts,
        demo: facts.demo,
      };
    },
    'grids:list': (input) => listGrids(db, input),
    'grids:geometry': (input) => listGridGeometries(db, input),
    'grids:tree': () => gridTree(db, now()),
    'grids:locate': ({ lon, lat, crs }) => {
      const [wLon, wLat] = toWgs84(lon, lat, crs);
      return { ...locateGrid(db, wLon, wLat), lon: wLon, lat: wLat };
    },
    'categories:list': () => listCategories(db),
    'demo:load': (input, call) => {
      // Before anyone can log in, only an empty database may receive the demo; afterwards an administrator.
      if (call?.actor ? call.actor.role !== 'admin' : !isEmptyDatabase(db)) {
        throw new AppError('forbidden', '只有空数据库可在登录前载入演示数据；已有数据时需管理员操作');
      }
      // Without a date the district has worked up to this moment (a deadline of this morning is not left open).
      const at = now();
      const result = loadDemo(db, {
        seed: input.seed,
        until: input.until ?? shanghaiDate(at),
        asOf: input.until === undefined ? at : undefined,
        incidents: input.incidents,
      });
      enableDemoAccounts(db, now());
      return result;
    },
  };
  bindGate(handlers, createGate(db, sessions));
  return handlers;
}

export { LATEST_SCHEMA_VERSION };
