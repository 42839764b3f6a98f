/** The security settings an administrator switches: separation of duties and the idle-lock time. */
import type { Db } from '../open';
import { getSetting, setSetting } from '../queries/settings';
import { logSettingsChange, type Actor } from './settingsLog';

export interface SecuritySettings {
  readonly separationOfDuties: boolean;
  readonly idleLockMinutes: number;
}

export const DEFAULT_IDLE_LOCK_MINUTES = 15;

export function readSecurity(db: Db): SecuritySettings {
  return {
    separationOfDuties: getSetting<boolean>(db, 'separation_of_duties') ?? true,
    idleLockMinutes: getSetting<number>(db, 'idle_lock_minutes') ?? DEFAULT_IDLE_LOCK_MINUTES,
  };
}

export function writeSecurity(db: Db, actor: Actor, change: Partial<SecuritySettings>, now: number): SecuritySettings {
  return db
    .transaction(() => {
      const before = readSecurity(db);
      if (change.separationOfDuties !== undefined && change.separationOfDuties !== before.separationOfDuties) {
        setSetting(db, 'separation_of_duties', change.separationOfDuties, now);
        logSettingsChange(
          db,
          actor,
          { action: 'security.separation', target: '职责分离（上报人、处置人不得核查本案）', before: before.separationOfDuties, after: change.separationOfDuties },
          now,
        );
      }
      if (change.idleLockMinutes !== undefined && change.idleLockMinutes !== before.idleLockMinutes) {
        setSetting(db, 'idle_lock_minutes', change.idleLockMinutes, now);
        logSettingsChange(db, actor, { action: 'security.idle-lock', target: '闲置锁定时间（分钟）', before: before.idleLockMinutes, after: change.idleLockMinutes }, now);
      }
      return readSecurity(db);
    })
    .immediate();
}
