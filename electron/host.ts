/**
 * Opening the store for a Node host (browser mode, CLI): open + migrate + default data, then the
 * handlers. Electron main does the same with Electron's paths in main.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Db, type MigrationReport } from '../db/open';
import { seedDefaults } from '../db/defaults/seed';
import { createHandlers, type HandlerContext } from './handlers/index';
import { APP_VERSION } from './version';
import type { Handlers } from './contract';
import { createTileService, type TileService } from './tiles/tileService';

export interface OpenedStore {
  readonly db: Db;
  readonly handlers: Handlers;
  readonly migration: MigrationReport;
  readonly databasePath: string;
  readonly tiles: TileService;
}

export function openStore(
  databasePath: string,
  options: { transport: HandlerContext['transport']; createFolder?: boolean; now?: () => number },
): OpenedStore {
  const absolute = path.resolve(databasePath);
  if (options.createFolder) fs.mkdirSync(path.dirname(absolute), { recursive: true });
  const { db, migration } = openDatabase(absolute);
  try {
    seedDefaults(db, (options.now ?? Date.now)());
  } catch (e) {
    db.close();
    throw e;
  }
  const tiles = createTileService(db);
  const handlers = createHandlers({
    db,
    tiles,
    databasePath: absolute,
    transport: options.transport,
    version: APP_VERSION,
    ...(options.now ? { now: options.now } : {}),
  });
  return { db, handlers, migration, databasePath: absolute, tiles };
}
