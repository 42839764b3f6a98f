/**
 * Finding 4 (issue "Trust"): any file on the PC was readable by naming its path to an import call.
 * Now browser mode reads only uploads, the desktop app only paths its file dialog returned, the
 * command line any path the user typed; uploads are capped and cleaned up, the offline basemap in
 * browser mode points only at an .mbtiles file, and photos are read only inside their folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../db/errors';
import { IMPORT_LIMITS } from '../../db/import/limits';
import { appendUpload, resolveSource, stagingDir } from '../../db/import/uploads';
import { readAttachment, storeAttachment } from '../../db/queries/attachments';
import { assertBasemapPathAllowed, assertSourceAllowed, grantPath, isGranted, revokeGrants } from '../../electron/handlers/pathGrants';
import { openStore, type OpenedStore } from '../../electron/host';
import type { HandlerContext } from '../../electron/handlers/index';
import { tempDir } from '../helpers/tmp';

const CSV = '编号,发现时间,巡查员,经度,纬度,地址,类别,问题描述\r\nA1,2026/11/20 9:30,张三,113.005,28.19,芙蓉中路,暴露垃圾,路边垃圾\r\n';
const stores: OpenedStore[] = [];

function open(transport: HandlerContext['transport']) {
  const dir = tempDir();
  const store = openStore(path.join(dir, 'desk.sqlite'), { transport });
  stores.push(store);
  const secret = path.join(dir, 'secret.csv');
  fs.writeFileSync(secret, CSV);
  return { dir, store, h: store.handlers, secret };
}

afterEach(() => {
  revokeGrants();
  for (const s of stores.splice(0)) {
    s.tiles.close();
    s.db.close();
  }
});

async function refusal(call: () => unknown): Promise<AppError> {
  try {
    await call();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a refusal, the call succeeded');
}

const upload = async (h: OpenedStore['handlers'], fileName: string, data: string | Buffer) =>
  (await h['imports:upload']({ fileName, offset: 0, dataBase64: Buffer.from(data).toString('base64') })).uploadId;

describe('finding 4: which files an import may read depends on the transport', () => {
  it('finding 4: browser mode reads no path on the PC — preview, start and both grid calls are refused; an upload is read', async () => {
    const { h, secret } = open('http');
    const calls: [string, () => unknown][] = [
      ['imports:preview', () => h['imports:preview']({ source: { path: secret } })],
      ['imports:start', () => h['imports:start']({ source: { path: secret }, crs: 'wgs84' })],
      ['grids:import-preview', () => h['grids:import-preview']({ source: { path: secret } })],
      ['grids:import', () => h['grids:import']({ source: { path: secret }, crs: 'wgs84', mapping: { code: 'a', name: 'b', level: null, parent: null }, dryRun: true })],
    ];
    for (const [, call] of calls) {
      const e = await refusal(call);
      expect(e.kind).toBe('forbidden');
      expect(e.message).toBe('浏览器模式下不能按路径读取电脑上的文件：请通过页面上传文件后再导入');
    }
    // Even the system's own files by path: refused before anything is opened.
    expect((await refusal(() => h['imports:preview']({ source: { path: '/etc/passwd.csv' } }))).kind).toBe('forbidden');
    const uploadId = await upload(h, 'log.csv', CSV);
    const preview = await h['imports:preview']({ source: { uploadId } });
    expect(preview).toMatchObject({ fileName: 'log.csv', format: 'csv', rows: [['A1', '2026/11/20 9:30', '张三', '113.005', '28.19', '芙蓉中路', '暴露垃圾', '路边垃圾']] });
  });

  it('finding 4: the desktop app reads only paths the file dialog returned, compared after resolving links', async () => {
    const { dir, h, secret } = open('electron');
    const e = await refusal(() => h['imports:preview']({ source: { path: secret } }));
    expect(e.kind).toBe('forbidden');
    expect(e.message).toBe('只能读取在“选择文件”对话框中选定的文件：「secret.csv」未经选择，已拒绝读取');
    grantPath(secret);
    expect(isGranted(secret)).toBe(true);
    expect((await h['imports:preview']({ source: { path: secret } })).rows).toHaveLength(1);
    // A link to a granted file is the granted file; a granted name swapped for a link elsewhere is not.
    const link = path.join(dir, 'link.csv');
    fs.symlinkSync(secret, link);
    expect(isGranted(link)).toBe(true);
    const other = path.join(dir, 'other.csv');
    fs.writeFileSync(other, CSV);
    const swapped = path.join(dir, 'picked.csv');
    fs.writeFileSync(swapped, CSV);
    grantPath(swapped);
    fs.rmSync(swapped);
    fs.symlinkSync(other, swapped);
    expect(isGranted(swapped)).toBe(false);
    expect((await refusal(() => h['grids:import-preview']({ source: { path: swapped } }))).kind).toBe('forbidden');
    // Relative paths and paths that do not exist are never granted.
    grantPath('secret.csv');
    expect(isGranted('secret.csv')).toBe(false);
    revokeGrants();
    expect(isGranted(secret)).toBe(false);
  });

  it('finding 4: the command line reads any path the user names; uploads are allowed everywhere', async () => {
    const { h, secret } = open('direct');
    expect((await h['imports:preview']({ source: { path: secret } })).rows).toHaveLength(1);
    for (const transport of ['http', 'electron', 'direct'] as const) {
      expect(() => assertSourceAllowed(transport, { uploadId: '00000000-0000-4000-8000-000000000000' })).not.toThrow();
    }
  });

  it('finding 4: browser mode points the offline basemap only at an existing .mbtiles file', async () => {
    const { dir, h } = open('http');
    const base = { xyzUrl: null, xyzCrs: 'wgs84' as const, xyzSubdomains: 'abc', mbtilesCrs: 'wgs84' as const };
    const e = await refusal(() => h['map:set-basemap']({ ...base, mbtilesPath: '/etc/passwd' }));
    expect(e.kind).toBe('forbidden');
    expect(e.message).toBe('浏览器模式下离线底图只能指向已存在的 .mbtiles 文件：「passwd」不是，已拒绝');
    const fake = path.join(dir, 'tiles.mbtiles');
    expect((await refusal(() => h['map:set-basemap']({ ...base, mbtilesPath: fake }))).kind).toBe('forbidden');
    fs.writeFileSync(fake, 'not sqlite');
    const saved = await h['map:set-basemap']({ ...base, mbtilesPath: fake });
    expect(saved.settings.mbtilesPath).toBe(fake);
    expect(saved.mbtiles).toMatchObject({ ok: false });
    // Clearing it, or saving it unchanged, is always allowed; the desktop app and the CLI are not restricted.
    expect(() => assertBasemapPathAllowed('http', null, fake)).not.toThrow();
    expect(() => assertBasemapPathAllowed('http', '/etc/passwd', '/etc/passwd')).not.toThrow();
    expect(() => assertBasemapPathAllowed('electron', '/etc/passwd', null)).not.toThrow();
    expect(() => assertBasemapPathAllowed('direct', '/etc/passwd', null)).not.toThrow();
  });
});

describe('finding 4: uploads are capped in size and number and cleaned up', () => {
  const chunk = (n: number) => Buffer.alloc(n, 0x41);

  it('finding 4: an upload past the size limit is refused and removed', () => {
    const dir = path.join(tempDir(), 'import-staging');
    const limits = { ...IMPORT_LIMITS, fileBytes: 1000 };
    const first = appendUpload(dir, { fileName: 'a.csv', offset: 0, data: chunk(600) }, limits);
    const e = (() => {
      try {
        appendUpload(dir, { uploadId: first.uploadId, fileName: 'a.csv', offset: 600, data: chunk(600) }, limits);
      } catch (err) {
        return err as AppError;
      }
      throw new Error('expected a refusal');
    })();
    expect(e.kind).toBe('invalid-input');
    expect(e.message).toBe('上传的文件过大（1.2 KB）：最大 1000 字节，已拒绝');
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(() => appendUpload(dir, { fileName: 'b.csv', offset: 0, data: chunk(1001) }, limits)).toThrow(/上传的文件过大/);
  });

  it('finding 4: at most N uploads are staged — the least recently used gives way; together they stay under the byte cap', () => {
    const dir = path.join(tempDir(), 'import-staging');
    const limits = { ...IMPORT_LIMITS, stagedUploads: 2, stagedBytes: 1000 };
    const a = appendUpload(dir, { fileName: 'a.csv', offset: 0, data: chunk(100) }, limits).uploadId;
    const b = appendUpload(dir, { fileName: 'b.csv', offset: 0, data: chunk(100) }, limits).uploadId;
    // a is used again (a preview): b is now the least recently used.
    const past = new Date(Date.now() - 60_000);
    for (const f of fs.readdirSync(dir)) if (f.startsWith(b)) fs.utimesSync(path.join(dir, f), past, past);
    resolveSource(dir, { uploadId: a });
    const c = appendUpload(dir, { fileName: 'c.csv', offset: 0, data: chunk(100) }, limits).uploadId;
    const ids = new Set(fs.readdirSync(dir).map((f) => f.split('.')[0]));
    expect(ids).toEqual(new Set([a, c]));
    expect(() => resolveSource(dir, { uploadId: b })).toThrow(/上传的文件不存在或已过期/);
    // Growing c past what the others leave: a gives way; past the cap alone: refused.
    appendUpload(dir, { uploadId: c, fileName: 'c.csv', offset: 100, data: chunk(800) }, limits);
    expect(new Set(fs.readdirSync(dir).map((f) => f.split('.')[0]))).toEqual(new Set([c]));
    expect(() => appendUpload(dir, { uploadId: c, fileName: 'c.csv', offset: 900, data: chunk(200) }, limits)).toThrow(
      '暂存的上传文件合计超过 1000 字节：请完成或放弃正在进行的导入后再上传',
    );
  });

  it('finding 4: stale uploads and stray files in the staging folder are removed; ids are checked', () => {
    const dir = stagingDir(path.join(tempDir(), 'desk.sqlite'));
    const old = appendUpload(dir, { fileName: 'old.csv', offset: 0, data: chunk(10) }).uploadId;
    const day = new Date(Date.now() - 25 * 3_600_000);
    for (const f of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, f), day, day);
    fs.writeFileSync(path.join(dir, 'stray.bin'), 'x');
    const fresh = appendUpload(dir, { fileName: '../../evil.csv', offset: 0, data: chunk(10) }).uploadId;
    expect(fs.readdirSync(dir).sort()).toEqual([`${fresh}.data`, `${fresh}.json`]);
    expect(resolveSource(dir, { uploadId: fresh }).fileName).toBe('evil.csv');
    expect(() => resolveSource(dir, { uploadId: old })).toThrow(/不存在或已过期/);
    expect(() => appendUpload(dir, { uploadId: '../../x', fileName: 'x', offset: 0, data: chunk(1) })).toThrow(/上传不存在或已过期/);
  });
});

describe('finding 4: photos are read only from inside the attachments folder', () => {
  const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 1)]);

  it('finding 4: a photo row naming a path outside the folder, or a linked file leading out of it, is refused', () => {
    const { dir, store } = open('direct');
    const attachments = path.join(dir, 'attachments');
    const stored = storeAttachment(store.db, attachments, JPEG, 'a.jpg', 0);
    expect(readAttachment(store.db, attachments, stored.id).data.equals(JPEG)).toBe(true);
    // A database edited to point elsewhere.
    const outside = path.join(dir, 'outside.jpg');
    fs.writeFileSync(outside, JPEG);
    // 64 characters, as the table demands, that join to <dir>/outside.jpg: "../" + "./"… + "<dir>/outside.jpg".
    const tail = `${path.basename(dir)}/outside.jpg`;
    const fill = 64 - 3 - tail.length;
    const traversal = `../${'./'.repeat(Math.floor(fill / 2))}${fill % 2 ? '/' : ''}${tail}`;
    expect(traversal).toHaveLength(64);
    expect(path.join(attachments, traversal.slice(0, 2), traversal)).toBe(outside);
    const evil = Number(
      store.db.prepare(`INSERT INTO attachments (sha256, mime, bytes, original_name, created_at) VALUES (?, 'image/jpeg', 1, 'x', 0)`).run(traversal).lastInsertRowid,
    );
    const e = (() => {
      try {
        readAttachment(store.db, attachments, evil);
      } catch (err) {
        return err as AppError;
      }
      throw new Error('expected a refusal');
    })();
    expect(e).toBeInstanceOf(AppError);
    expect(e.message).toBe('照片文件不在附件文件夹中或不是有效的照片，已拒绝读取：编号 ' + evil);
    // The photo's file replaced by a link to a file outside the folder.
    const file = path.join(attachments, stored.sha256.slice(0, 2), stored.sha256);
    fs.rmSync(file);
    fs.symlinkSync(outside, file);
    expect(() => readAttachment(store.db, attachments, stored.id)).toThrow(`照片文件不在附件文件夹中或不是有效的照片，已拒绝读取：编号 ${stored.id}`);
  });
});
