/** Handlers of host mode's settings (多席位). */
import fs from 'node:fs';
import type { Db } from '../../db/open';
import type { SliceHandlers, hostCalls } from '../contract';
import { actorOf } from '../auth/gate';
import { ownSubnets } from '../server/allowList';
import { certificateFilesFor, fingerprintOf } from '../server/certificate';
import { readHostSettings, writeHostSettings } from '../server/hostSettings';
import { deskConnectionFile, parseDeskConnection, readDeskConnection, writeDeskConnection } from '../server/deskConnection';
import { AppError } from '../../db/domain/errors';
import { runningHost } from '../server/hostStatus';

export function hostHandlers(deps: { db: Db; now: () => number; databasePath: string }): SliceHandlers<typeof hostCalls> {
  const { db, now, databasePath } = deps;
  const storedFingerprint = (): string | null => {
    try {
      const file = certificateFilesFor(databasePath).certFile;
      return fs.existsSync(file) ? fingerprintOf(fs.readFileSync(file, 'utf8')) : null;
    } catch {
      return null;
    }
  };
  return {
    'host:status': () => ({
      settings: readHostSettings(db),
      running: runningHost(),
      storedFingerprint: storedFingerprint(),
      ownSubnets: ownSubnets().map((c) => c.text),
    }),
    'host:set': (input, ctx) => writeHostSettings(db, actorOf(ctx), input, now()),
    'desk:connection': () => readDeskConnection(deskConnectionFile(databasePath)),
    'desk:connect': (input, ctx) => {
      if (ctx?.caller.transport === 'http') throw new AppError('forbidden', '只能在 GridDesk 桌面程序中设置；浏览器直接打开主机地址即可连接');
      const file = deskConnectionFile(databasePath);
      if ('disconnect' in input) {
        writeDeskConnection(file, null);
        return null;
      }
      const connection = parseDeskConnection(input);
      if (typeof connection === 'string') throw new AppError('invalid-input', connection);
      writeDeskConnection(file, connection);
      return connection;
    },
  };
}
