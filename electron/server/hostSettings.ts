/**
 * Host mode's settings, kept in the database (so a backup carries them) and changed only by an
 * administrator at the host itself, each change in the settings log with before and after:
 * whether GridDesk starts as the district's host, its port, the addresses allowed to connect
 * (null: the host's own subnets), and a supplied certificate (null: the one made beside the database).
 */
import type { Db } from '../../db/open';
import { AppError } from '../../db/domain/errors';
import { getSetting, setSetting } from '../../db/queries/settings';
import { logSettingsChange, type Actor } from '../../db/trust/settingsLog';
import { parseAllowList } from './allowList';
import { isAbsoluteFile } from './certificate';

export interface HostSettings {
  readonly enabled: boolean;
  readonly port: number;
  /** IPv4 subnets allowed to connect; null = the host's own subnets. */
  readonly allowList: readonly string[] | null;
  readonly certFile: string | null;
  readonly keyFile: string | null;
}

export const DEFAULT_HOST_PORT = 5443;
const KEY = 'host_mode';

export const DEFAULT_HOST_SETTINGS: HostSettings = { enabled: false, port: DEFAULT_HOST_PORT, allowList: null, certFile: null, keyFile: null };

export function readHostSettings(db: Db): HostSettings {
  const stored = getSetting<Partial<HostSettings>>(db, KEY) ?? {};
  return { ...DEFAULT_HOST_SETTINGS, ...stored };
}

/** Validates and stores a change; every problem is named and nothing is stored while one remains. */
export function writeHostSettings(db: Db, actor: Actor, change: Partial<HostSettings>, now: number): HostSettings {
  return db
    .transaction(() => {
      const before = readHostSettings(db);
      const next: HostSettings = { ...before, ...change };
      const problems: string[] = [];
      if (!Number.isInteger(next.port) || next.port < 1 || next.port > 65535) problems.push(`端口无效：${next.port}`);
      let allowList = next.allowList;
      if (allowList !== null) {
        const parsed = parseAllowList(allowList);
        problems.push(...parsed.problems);
        allowList = parsed.entries.map((e) => e.text);
      }
      if ((next.certFile === null) !== (next.keyFile === null)) problems.push('证书文件和私钥文件需同时指定（或都不指定，使用自动生成的证书）');
      for (const file of [next.certFile, next.keyFile]) if (file !== null && !isAbsoluteFile(file)) problems.push(`找不到文件（需为本机的完整路径）：${file}`);
      if (problems.length) throw new AppError('invalid-input', `多席位设置未保存：${problems.join('；')}`);
      const stored: HostSettings = { ...next, allowList };
      if (JSON.stringify(stored) !== JSON.stringify(before)) {
        setSetting(db, KEY, stored, now);
        logSettingsChange(db, actor, { action: 'host.settings', target: '多席位（主机模式）', before, after: stored }, now);
      }
      return stored;
    })
    .immediate();
}
