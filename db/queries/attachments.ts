/**
 * Photos and files, stored once by content hash (SHA-256) in the app-data folder:
 * <dir>/<first two hex digits>/<hash>. The database keeps the hash, type and size.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import type { Db } from '../open';
import { requireOperator } from './operators';
import { appendEvent } from './events';

import type { AttachmentStage, IncidentStatus } from '../domain/codes';

export type { AttachmentStage };

export interface Attachment {
  id: number;
  sha256: string;
  mime: string;
  bytes: number;
  originalName: string | null;
  stage: AttachmentStage;
  addedAt: number;
}

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** The image type from the file's first bytes; null when it is not an image GridDesk shows. */
export function sniffImageType(data: Uint8Array): string | null {
  const b = (i: number) => data[i] ?? -1;
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image/jpeg';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'image/png';
  if (b(0) === 0x47 && b(1) === 0x49 && b(2) === 0x46) return 'image/gif';
  if (b(0) === 0x52 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x46 && b(8) === 0x57 && b(9) === 0x45 && b(10) === 0x42 && b(11) === 0x50) {
    return 'image/webp';
  }
  return null;
}

export function attachmentPath(dir: string, sha256: string): string {
  return path.join(dir, sha256.slice(0, 2), sha256);
}

/** Stores the bytes (once per content) and returns the attachment id. The file is written before the row. */
export function storeAttachment(db: Db, dir: string, data: Buffer, originalName: string | null, now: number): { id: number; sha256: string; mime: string } {
  if (data.length === 0) throw new AppError('invalid-input', `照片文件为空：${originalName ?? ''}`);
  if (data.length > MAX_ATTACHMENT_BYTES) {
    throw new AppError('invalid-input', `照片过大（${(data.length / 1024 / 1024).toFixed(1)} MB）：最大 20 MB`);
  }
  const mime = sniffImageType(data);
  if (!mime) throw new AppError('invalid-input', `不是可识别的图片（支持 JPEG、PNG、GIF、WebP）：${originalName ?? ''}`);
  const sha256 = crypto.createHash('sha256').update(data).digest('hex');
  const file = attachmentPath(dir, sha256);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file); // atomic: a crash leaves no half-written photo under its hash
  }
  const existing = db.prepare(`SELECT id FROM attachments WHERE sha256 = ?`).get(sha256) as { id: number } | undefined;
  if (existing) return { id: existing.id, sha256, mime };
  const r = db
    .prepare(`INSERT INTO attachments (sha256, mime, bytes, original_name, created_at) VALUES (?, ?, ?, ?, ?)`)
    .run(sha256, mime, data.length, originalName, now);
  return { id: Number(r.lastInsertRowid), sha256, mime };
}

export function addIncidentPhoto(
  db: Db,
  dir: string,
  input: { incidentId: number; operatorId: number; stage: AttachmentStage; fileName: string; data: Buffer },
  now: number,
): Attachment {
  return db.transaction(() => {
    const operator = requireOperator(db, input.operatorId);
    const c = db.prepare(`SELECT id, status FROM incidents WHERE id = ?`).get(input.incidentId) as { id: number; status: IncidentStatus } | undefined;
    if (!c) throw new AppError('not-found', `案件不存在：编号 ${input.incidentId}`);
    const stored = storeAttachment(db, dir, input.data, input.fileName, now);
    db.prepare(
      `INSERT OR IGNORE INTO incident_attachments (incident_id, attachment_id, stage, added_at) VALUES (?, ?, ?, ?)`,
    ).run(c.id, stored.id, input.stage, now);
    appendEvent(db, {
      incidentId: c.id,
      at: now,
      operatorId: operator.id,
      actorName: operator.name,
      action: 'add_photo',
      fromStatus: c.status,
      toStatus: c.status,
      note: input.fileName,
      data: { attachmentId: stored.id, stage: input.stage },
    });
    return listIncidentPhotos(db, c.id).find((a) => a.id === stored.id && a.stage === input.stage)!;
  }).immediate();
}

export function listIncidentPhotos(db: Db, incidentId: number): Attachment[] {
  return db
    .prepare(
      `SELECT a.id, a.sha256, a.mime, a.bytes, a.original_name AS originalName, ia.stage, ia.added_at AS addedAt
       FROM incident_attachments ia JOIN attachments a ON a.id = ia.attachment_id
       WHERE ia.incident_id = ?
       ORDER BY ia.added_at, CASE ia.stage WHEN 'report' THEN 1 WHEN 'handling' THEN 2 WHEN 'after' THEN 3 ELSE 4 END, a.id`,
    )
    .all(incidentId) as Attachment[];
}

export function readAttachment(db: Db, dir: string, id: number): { mime: string; data: Buffer } {
  const a = db.prepare(`SELECT sha256, mime FROM attachments WHERE id = ?`).get(id) as { sha256: string; mime: string } | undefined;
  if (!a) throw new AppError('not-found', `照片不存在：编号 ${id}`);
  const file = attachmentPath(dir, a.sha256);
  if (!fs.existsSync(file)) throw new AppError('not-found', `照片文件缺失（可能被移动或删除）：${file}`);
  // The name comes from the database: read it only as a hash, and only inside the folder (links resolved).
  const real = /^[0-9a-f]{64}$/.test(a.sha256) ? realpathInside(dir, file) : null;
  if (real === null || fs.statSync(real).size > MAX_ATTACHMENT_BYTES) {
    throw new AppError('not-found', `照片文件不在附件文件夹中或不是有效的照片，已拒绝读取：编号 ${id}`);
  }
  return { mime: a.mime, data: fs.readFileSync(real) };
}

/** The file's real path when it (after resolving every link) is a regular file inside `dir`; else null. */
export function realpathInside(dir: string, file: string): string | null {
  try {
    const base = fs.realpathSync.native(dir);
    const real = fs.realpathSync.native(file);
    const rel = path.relative(base, real);
    if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return null;
    return fs.statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}
