/**
 * The basemap settings and the tiles the app serves itself. Shared by the handlers (settings), the
 * browser-mode server (GET /tiles/<token>/z/x/y, CSP) and Electron main (the griddesk protocol, CSP).
 * No Electron import: main only wires it.
 */
import { AppError } from '../../db/errors';
import type { Db } from '../../db/open';
import { getSetting, setSetting } from '../../db/queries/settings';
import { openMbtiles, type MbtilesSource, type MbtilesStatus } from '../../db/tiles/mbtiles';

export interface BasemapSettings {
  /** An XYZ tile URL with {z}, {x}, {y} (and optionally {s}); null = no remote tiles. */
  readonly xyzUrl: string | null;
  /** The coordinate system of the XYZ tiles: GCJ-02 tiles need the WGS-84 data shifted. */
  readonly xyzCrs: 'wgs84' | 'gcj02';
  /** What {s} stands for, one character each (Tianditu: 01234567). */
  readonly xyzSubdomains: string;
  /** An offline MBTiles file on this PC; null = none. */
  readonly mbtilesPath: string | null;
  readonly mbtilesCrs: 'wgs84' | 'gcj02';
}

export interface BasemapView {
  readonly settings: BasemapSettings;
  readonly mbtiles: MbtilesStatus | null;
}

export type TileAnswer =
  | { status: 200; data: Buffer; mime: string }
  | { status: 404 | 410; message: string };

export interface TileService {
  view(): BasemapView;
  update(next: BasemapSettings, now: number): BasemapView;
  tile(z: number, x: number, y: number): TileAnswer;
  /** The remote origins the CSP must allow for images: the configured XYZ server only. */
  tileOrigins(): string[];
  close(): void;
}

const KEY = 'basemap';
export const NO_BASEMAP: BasemapSettings = { xyzUrl: null, xyzCrs: 'wgs84', xyzSubdomains: 'abc', mbtilesPath: null, mbtilesCrs: 'wgs84' };

/** The origin of a tile URL template, or an error message. */
export function checkTileUrl(url: string): { origin: string } | { message: string } {
  if (!/\{z\}/.test(url) || !/\{x\}/.test(url) || !/\{-?y\}/.test(url)) return { message: '瓦片地址必须包含 {z}、{x}、{y}' };
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/\{s\}/g, 'a').replace(/\{-?[a-z]+\}/g, '0'));
  } catch {
    return { message: `瓦片地址不是有效的网址：${url}` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { message: '瓦片地址只能是 http 或 https' };
  if (parsed.username || parsed.password) return { message: '瓦片地址不能包含用户名或密码' };
  return { origin: parsed.origin };
}

export function createTileService(db: Db, options: { nativeBinding?: string | undefined } = {}): TileService {
  let source: MbtilesSource | null = null;
  let sourcePath: string | null = null;
  const settings = (): BasemapSettings => ({ ...NO_BASEMAP, ...(getSetting<Partial<BasemapSettings>>(db, KEY) ?? {}) });
  const mbtiles = (): MbtilesSource | null => {
    const { mbtilesPath } = settings();
    if (mbtilesPath !== sourcePath) {
      source?.close();
      source = mbtilesPath ? openMbtiles(mbtilesPath, options) : null;
      sourcePath = mbtilesPath;
    }
    return source;
  };
  const view = (): BasemapView => ({ settings: settings(), mbtiles: mbtiles()?.status ?? null });
  return {
    view,
    update(next, now) {
      if (next.xyzUrl !== null) {
        const checked = checkTileUrl(next.xyzUrl);
        if ('message' in checked) throw new AppError('invalid-input', checked.message);
      }
      setSetting(db, KEY, next, now);
      // Reopen on every save, so a file fixed on disk is read again.
      source?.close();
      source = null;
      sourcePath = null;
      return view();
    },
    tile(z, x, y) {
      const src = mbtiles();
      if (!src) return { status: 404, message: '没有设置离线底图' };
      if (!src.status.ok) return { status: 410, message: src.status.message };
      const t = src.tile(z, x, y);
      return t ? { status: 200, ...t } : { status: 404, message: `离线底图在第 ${z} 级没有这块瓦片` };
    },
    tileOrigins() {
      const { xyzUrl } = settings();
      if (!xyzUrl) return [];
      const checked = checkTileUrl(xyzUrl);
      if ('message' in checked) return [];
      // {s} in the host: allow that host label as a CSP wildcard (t{s}.example.cn → *.example.cn).
      if (!/\{s\}/.test(xyzUrl)) return [checked.origin];
      const u = new URL(xyzUrl.replace(/\{s\}/g, 'gdsubdomain').replace(/\{-?[a-z]+\}/g, '0'));
      const labels = u.hostname.split('.');
      const k = labels.findIndex((l) => l.includes('gdsubdomain'));
      if (k < 0) return [checked.origin];
      const host = k === 0 ? ['*', ...labels.slice(1)].join('.') : labels.join('.');
      return [`${u.protocol}//${host}${u.port ? `:${u.port}` : ''}`];
    },
    close() {
      source?.close();
      source = null;
      sourcePath = null;
    },
  };
}

/** `/tiles/<secret>/<z>/<x>/<y>[.ext]` → its parts, or null when the path is not a tile path. */
export function parseTilePath(pathname: string): { secret: string; z: number; x: number; y: number } | null {
  const m = /^\/tiles\/([^/]+)\/(\d{1,2})\/(\d{1,8})\/(\d{1,8})(?:\.\w+)?$/.exec(pathname);
  return m ? { secret: m[1]!, z: Number(m[2]), x: Number(m[3]), y: Number(m[4]) } : null;
}
