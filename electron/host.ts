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
import { createCallHost, type CallHost, type CallHostOptions } from './callHost/callHost';

export interface OpenedStore {
  readonly db: Db;
  /** A second, read-only connection to the same file: the statistics and reports read through it. */
  readonly readDb: Db;
  readonly handlers: Handlers;
  readonly migration: MigrationReport;
  readonly databasePath: string;
  readonly tiles: TileService;
  /** The workers that run the long reads (when asked for: browser mode and Electron), null otherwise. */
  readonly callHost: CallHost | null;
  /** Closes the tile source and both connections (the reader first, so the writer's close can checkpoint and remove the WAL). */
  close(): void;
}

/**
 * The read-only connection beside the writer. WAL lets it read a consistent snapshot while the writer
 * commits, so a long statistics query and a case step no longer queue on one connection. Pragmas here
 * set this connection's own behaviour only (nothing is written to the file).
 */
function openReader(file: string, nativeBinding?: string): Db {
  const { db } = openDatabase(file, { readonly: true, ...(nativeBinding ? { nativeBinding } : {}) });
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536'); // 64 MiB, as the writer
  db.pragma('temp_store = MEMORY');
  return db;
}

export function openStore(
  databasePath: string,
  options: {
    transport: HandlerContext['transport'];
    createFolder?: boolean;
    now?: () => number;
    nativeBinding?: string;
    restore?: HandlerContext['restore'];
    lastBackupError?: HandlerContext['lastBackupError'];
    output?: HandlerContext['output'];
    /** Open without writing anything (another host holds the database): reads only, no migration. */
    readonly?: boolean;
    /** Run the long reads in a call host's workers (electron/callHost), with these settings. */
    callHost?: Pick<CallHostOptions, 'size' | 'spawn' | 'cancelGraceMs'> | undefined;
  },
): OpenedStore {
  const absolute = path.resolve(databasePath);
  if (options.createFolder) fs.mkdirSync(path.dirname(absolute), { recursive: true });
  const { db, migration } = openDatabase(absolute, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.readonly ? { readonly: true, mustExist: true } : {}),
  });
  if (options.readonly) db.pragma('busy_timeout = 5000');
  try {
    if (!options.readonly) seedDefaults(db, (options.now ?? Date.now)());
  } catch (e) {
    db.close();
    throw e;
  }
  let readDb: Db;
  try {
    readDb = openReader(absolute, options.nativeBinding);
  } catch (e) {
    db.close();
    throw e;
  }
  const callHost = options.callHost
    ? createCallHost({ databasePath: absolute, nativeBinding: options.nativeBinding, ...(options.now ? { now: options.now } : {}), ...options.callHost })
    : null;
  // Whoever closes the writer (store.db.close()) stops the call host's workers and closes the reader first.
  const closeWriter = db.close.bind(db);
  db.close = () => {
    callHost?.close();
    if (readDb.open) readDb.close();
    return closeWriter();
  };
  const tiles = createTileService(db, { nativeBinding: options.nativeBinding });
  const handlers = createHandlers({
    db,
    readDb,
    tiles,
    databasePath: absolute,
    transport: options.transport,
    version: APP_VERSION,
    ...(options.now ? { now: options.now } : {}),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.restore ? { restore: options.restore } : {}),
    ...(options.lastBackupError ? { lastBackupError: options.lastBackupError } : {}),
    ...(options.output ? { output: options.output } : {}),
    ...(callHost ? { callHost: callHost.tasks } : {}),
  });
  return {
    db,
    readDb,
    handlers,
    migration,
    databasePath: absolute,
    tiles,
    callHost,
    close: () => {
      tiles.close();
      if (db.open) db.close();
    },
  };
}
