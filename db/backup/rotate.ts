/**
 * Listing and rotating backups. Only folders this feature made are ever touched: a folder named
 * griddesk-YYYYMMDD-HHMMSS[-reason] holding a GridDesk backup manifest whose files are all present,
 * or one of its own hidden temporary folders abandoned by a crash. Anything else in the folder (the
 * user's own files, other programs' backups, a damaged backup) is left alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import { isoWeekOfDate, shanghaiDate } from '../domain/time';
import { BACKUP_NAME_RE, PARTIAL_NAME_RE, readManifest, type BackupManifest } from './format';

export interface BackupEntry {
  readonly dir: string;
  readonly name: string;
  readonly createdAtMs: number;
  readonly manifest: BackupManifest;
}

export interface RotationPolicy {
  /** Keep the newest backup of each of the last N days that have backups (Asia/Shanghai days). */
  readonly daily: number;
  /** Keep the newest backup of each of the last N ISO weeks that have backups. */
  readonly weekly: number;
}

export const DEFAULT_ROTATION: RotationPolicy = { daily: 7, weekly: 4 };

export interface RotationResult {
  readonly kept: string[];
  readonly deleted: string[];
  /** Hidden temporary folders left by an interrupted backup or deletion, removed. */
  readonly abandonedRemoved: string[];
}

/** Abandoned temporary folders older than this are removed even when their pid seems alive (reused). */
const ABANDONED_AFTER_MS = 24 * 3_600_000;

function isCompleteBackup(dir: string, manifest: BackupManifest): boolean {
  return manifest.files.every((f) => fs.existsSync(path.join(dir, ...f.path.split('/'))));
}

/** Complete GridDesk backups in outDir, newest first. A missing folder has none. */
export function listBackups(outDir: string): BackupEntry[] {
  const dir = path.resolve(outDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: BackupEntry[] = [];
  for (const name of names) {
    if (!BACKUP_NAME_RE.test(name)) continue;
    const full = path.join(dir, name);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(full);
    } catch {
      continue;
    }
    if (!stat.isDirectory()) continue; // never follow a symbolic link
    const manifest = readManifest(full);
    if (!manifest || !isCompleteBackup(full, manifest)) continue;
    out.push({ dir: full, name, createdAtMs: Date.parse(manifest.createdAt), manifest });
  }
  return out.sort((a, b) => b.createdAtMs - a.createdAtMs || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

/** Which of the backups (newest first) a policy keeps. */
export function selectKept(backups: readonly BackupEntry[], policy: RotationPolicy): Set<string> {
  const kept = new Set<string>();
  const days = new Set<string>();
  const weeks = new Set<string>();
  for (const b of backups) {
    const day = shanghaiDate(b.createdAtMs);
    const week = isoWeekOfDate(day);
    if (!days.has(day) && days.size < policy.daily) {
      days.add(day);
      kept.add(b.dir);
    }
    if (!weeks.has(week) && weeks.size < policy.weekly) {
      weeks.add(week);
      kept.add(b.dir);
    }
  }
  // A copy kept before a restore is the way back from it: kept as long as its day is a kept day.
  for (const b of backups) {
    if (b.manifest.reason === 'before-restore' && days.has(shanghaiDate(b.createdAtMs))) kept.add(b.dir);
  }
  return kept;
}

function validatePolicy(policy: RotationPolicy): void {
  const ok = (n: number) => Number.isInteger(n) && n >= 0 && n <= 1000;
  if (!ok(policy.daily) || !ok(policy.weekly) || policy.daily + policy.weekly < 1) {
    throw new AppError('invalid-input', `备份保留规则无效：按天保留 ${policy.daily}、按周保留 ${policy.weekly}（应为 0–1000 的整数，且至少保留一份）`);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes a backup folder: renamed to a hidden temporary name first, so an interrupted delete is never taken for a backup. */
function removeBackupFolder(dir: string): void {
  const doomed = path.join(path.dirname(dir), `.${path.basename(dir)}.deleting-${process.pid}`);
  fs.renameSync(dir, doomed);
  fs.rmSync(doomed, { recursive: true, force: true });
}

/**
 * Keeps the newest backup per day for the last `daily` days that have backups and the newest per ISO
 * week for the last `weekly` weeks (days and weeks in Asia/Shanghai), plus before-restore copies of a
 * kept day; deletes the other complete GridDesk backups. Removes temporary folders of interrupted
 * backups whose process is gone (or that are over a day old). Touches nothing else.
 */
export function rotateBackups(outDir: string, policy: RotationPolicy = DEFAULT_ROTATION, options: { now?: number } = {}): RotationResult {
  validatePolicy(policy);
  const dir = path.resolve(outDir);
  const backups = listBackups(dir);
  const keep = selectKept(backups, policy);
  const kept: string[] = [];
  const deleted: string[] = [];
  for (const b of backups) {
    if (keep.has(b.dir)) kept.push(b.dir);
    else {
      removeBackupFolder(b.dir);
      deleted.push(b.dir);
    }
  }

  const abandonedRemoved: string[] = [];
  const now = options.now ?? Date.now();
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    // no folder: nothing to clean
  }
  for (const name of names) {
    const m = PARTIAL_NAME_RE.exec(name);
    if (!m) continue;
    const full = path.join(dir, name);
    const pid = Number(m[1]);
    const stat = fs.lstatSync(full);
    if (!stat.isDirectory() || pid === process.pid) continue;
    if (processAlive(pid) && now - stat.mtimeMs < ABANDONED_AFTER_MS) continue;
    fs.rmSync(full, { recursive: true, force: true });
    abandonedRemoved.push(full);
  }
  return { kept, deleted, abandonedRemoved };
}
