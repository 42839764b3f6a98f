/** Handlers of host mode's settings (多席位). */
import fs from 'node:fs';
import type { Db } from '../../db/open';
import type { SliceHandlers, hostCalls } from '../contract';
import { actorOf } from '../auth/gate';
import { ownSubnets } from '../server/allowList';
import { certificateFilesFor, fingerprintOf } from '../server/certificate';
import { readHostSettings, writeHostSettings } from '../server/hostSettings';
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
  };
}
