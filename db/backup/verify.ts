/**
 * verifyBackup: whether a folder is a whole, untouched GridDesk backup this GridDesk can restore.
 * Reads only; never writes into the folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { APPLICATION_ID } from '../open';
import { LATEST_SCHEMA_VERSION } from '../migrations/index';
import {
  BACKUP_ATTACHMENTS_DIR,
  BACKUP_DB_FILE,
  COUNT_TABLES,
  MANIFEST_FILE,
  hashFile,
  listFilesRecursive,
  parseManifest,
  type BackupCounts,
  type BackupManifest,
} from './format';

export interface BackupReport {
  readonly ok: boolean;
  readonly dir: string;
  /** Each thing that makes the backup unusable, in Chinese; empty when ok. */
  readonly problems: string[];
  /** Things worth knowing that do not block a restore (e.g. photos already missing when it was made). */
  readonly warnings: string[];
  readonly createdAt: string | null;
  readonly createdAtShanghai: string | null;
  readonly reason: string | null;
  readonly schemaVersion: number | null;
  readonly counts: BackupCounts | null;
  readonly manifest: BackupManifest | null;
}

const LIST_AT_MOST = 5;

function listSome(items: readonly string[]): string {
  return items.slice(0, LIST_AT_MOST).join('、') + (items.length > LIST_AT_MOST ? ` 等 ${items.length} 个` : '');
}

/** Checks the database file of a backup; pushes problems and returns what it read. */
function checkDatabase(
  file: string,
  manifest: BackupManifest | null,
  problems: string[],
  warnings: string[],
): { schemaVersion: number | null; counts: BackupCounts | null } {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    problems.push(`数据库文件无法打开：${(e as Error).message}`);
    return { schemaVersion: null, counts: null };
  }
  try {
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    if (applicationId !== APPLICATION_ID) {
      problems.push(`数据库不是 GridDesk 数据库（application_id=${applicationId}）`);
      return { schemaVersion, counts: null };
    }
    if (schemaVersion > LATEST_SCHEMA_VERSION) {
      problems.push(`数据库由更新版本的 GridDesk 创建（结构版本 ${schemaVersion}，本程序支持到 ${LATEST_SCHEMA_VERSION}）：请升级 GridDesk 后再恢复`);
    } else if (schemaVersion < 30) {
      problems.push(`数据库结构版本 ${schemaVersion} 不完整，不能恢复`);
      return { schemaVersion, counts: null };
    }
    if (manifest && manifest.schemaVersion !== schemaVersion) {
      problems.push(`数据库结构版本 ${schemaVersion} 与清单记录的 ${manifest.schemaVersion} 不符`);
    }
    const integrity = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (!(integrity.length === 1 && integrity[0] === 'ok')) {
      problems.push(`数据库完整性检查未通过：${integrity.slice(0, 3).join('；')}`);
    }
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length > 0) problems.push(`外键检查发现 ${fk.length} 处引用错误`);
    const counts = Object.fromEntries(
      Object.entries(COUNT_TABLES).map(([key, table]) => [key, (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n]),
    ) as unknown as BackupCounts;
    if (manifest) {
      const differ = (Object.keys(COUNT_TABLES) as (keyof BackupCounts)[]).filter((k) => manifest.counts[k] !== counts[k]);
      if (differ.length) {
        problems.push(`数据条数与清单不符：${differ.map((k) => `${COUNT_TABLES[k]} 清单 ${manifest.counts[k]}、实际 ${counts[k]}`).join('；')}`);
      }
      const listed = new Set(manifest.files.map((f) => f.path));
      const missing = (db.prepare(`SELECT sha256 FROM attachments ORDER BY id`).pluck().all() as string[]).filter(
        (sha) => !listed.has(`${BACKUP_ATTACHMENTS_DIR}/${sha.slice(0, 2)}/${sha}`),
      );
      if (missing.length) warnings.push(`有 ${missing.length} 张照片在备份时已缺失（数据库中有记录，文件不在备份中）`);
    }
    return { schemaVersion, counts };
  } catch (e) {
    problems.push(`数据库文件已损坏，无法读取：${(e as Error).message}`);
    return { schemaVersion: null, counts: null };
  } finally {
    db.close();
  }
}

/**
 * Checks a backup folder: manifest present and well-formed, every listed file present with its size and
 * SHA-256, no unlisted files, and the database passes integrity and foreign-key checks, is a GridDesk
 * database with a schema version this GridDesk can open, and holds the counts the manifest names.
 * Each problem is named; `ok` only when there are none.
 */
export async function verifyBackup(dir: string): Promise<BackupReport> {
  const absolute = path.resolve(dir);
  const problems: string[] = [];
  const warnings: string[] = [];
  const report = (manifest: BackupManifest | null, facts: { schemaVersion: number | null; counts: BackupCounts | null }): BackupReport => ({
    ok: problems.length === 0,
    dir: absolute,
    problems,
    warnings,
    createdAt: manifest?.createdAt ?? null,
    createdAtShanghai: manifest?.createdAtShanghai ?? null,
    reason: manifest?.reason ?? null,
    schemaVersion: facts.schemaVersion ?? manifest?.schemaVersion ?? null,
    counts: facts.counts,
    manifest,
  });

  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch {
    problems.push(`备份文件夹不存在：${absolute}`);
    return report(null, { schemaVersion: null, counts: null });
  }
  if (!stat.isDirectory()) {
    problems.push(`不是备份文件夹（是一个文件）：${absolute}`);
    return report(null, { schemaVersion: null, counts: null });
  }

  let manifest: BackupManifest | null = null;
  const manifestFile = path.join(absolute, MANIFEST_FILE);
  if (!fs.existsSync(manifestFile)) {
    problems.push(`缺少 ${MANIFEST_FILE}：这不是 GridDesk 备份文件夹，或备份没有完成`);
  } else {
    const parsed = parseManifest(fs.readFileSync(manifestFile, 'utf8'));
    problems.push(...parsed.problems);
    manifest = parsed.manifest;
  }

  if (manifest) {
    const listed = new Set<string>();
    const changed: string[] = [];
    const missing: string[] = [];
    for (const entry of manifest.files) {
      listed.add(entry.path);
      const file = path.join(absolute, ...entry.path.split('/'));
      if (!fs.existsSync(file)) {
        missing.push(entry.path);
        continue;
      }
      const actual = await hashFile(file);
      if (actual.bytes !== entry.bytes) changed.push(`${entry.path}（清单 ${entry.bytes} 字节，实际 ${actual.bytes} 字节）`);
      else if (actual.sha256 !== entry.sha256) changed.push(`${entry.path}（SHA-256 不符）`);
    }
    if (missing.length) problems.push(`备份中缺少文件：${listSome(missing)}`);
    if (changed.length) problems.push(`文件内容与清单不符（已被改动或损坏）：${listSome(changed)}`);
    const extra = listFilesRecursive(absolute).filter((p) => p !== MANIFEST_FILE && !listed.has(p));
    if (extra.length) problems.push(`备份文件夹中有清单之外的文件：${listSome(extra)}`);
  }

  const dbFile = path.join(absolute, BACKUP_DB_FILE);
  let facts: { schemaVersion: number | null; counts: BackupCounts | null } = { schemaVersion: null, counts: null };
  if (fs.existsSync(dbFile)) facts = checkDatabase(dbFile, manifest, problems, warnings);
  else if (!manifest) problems.push(`缺少数据库文件 ${BACKUP_DB_FILE}`);
  return report(manifest, facts);
}
