/**
 * Every call the renderer can make, declared once: name, input schema, output type, one-line doc.
 * The handler map's type, the preload bridge, the renderer client and the HTTP routes all derive from
 * this list, so a new call is one entry here plus one handler, and drift fails to compile.
 *
 * Pure module: no Node, no Electron, no DOM. Imported by the renderer, the preload and the host.
 */
import { z } from 'zod';
import type {
  AppInfo,
  Category,
  DemoLoadResult,
  Grid,
  GridLocation,
  GridTreeNode,
  GridWithGeometry,
} from '../db/types';
import type { ErrorKind } from '../db/errors';

// Validation messages in Simplified Chinese: they reach the people at the desk.
z.config(z.locales.zhCN());

export type * from '../db/types';
export type { ErrorKind } from '../db/errors';

interface CallSpec<I extends z.ZodType, O> {
  readonly input: I;
  readonly doc: string;
  /** Phantom: carries the output type, never read at run time. */
  readonly output?: O;
}

/** `call<Output>()(inputSchema, doc)`: the output type is given, the input type is inferred. */
function call<O>() {
  return <I extends z.ZodType>(input: I, doc: string): CallSpec<I, O> => ({ input, doc });
}

const empty = z.object({}).strict();
const gridCode = z.string().regex(/^\d{15}$/, '网格编码应为 15 位数字');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const crs = z.enum(['wgs84', 'gcj02', 'bd09']);

export const api = {
  'app:info': call<AppInfo>()(empty, 'Version, schema version, database path, counts, demo marker.'),
  'grids:list': call<Grid[]>()(
    z
      .object({
        level: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
        parentCode: gridCode.optional(),
      })
      .strict(),
    'Grids without geometry, optionally one level or the children of one grid, ordered by code.',
  ),
  'grids:geometry': call<GridWithGeometry[]>()(
    z
      .object({ level: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional() })
      .strict(),
    'Grids with their WGS-84 GeoJSON polygons, for the map.',
  ),
  'grids:tree': call<GridTreeNode | null>()(empty, 'District → streets → grids with open/overdue/total case counts.'),
  'grids:locate': call<GridLocation>()(
    z
      .object({
        lon: z.number().finite().min(-180).max(180),
        lat: z.number().finite().min(-90).max(90),
        crs: crs.default('wgs84'),
      })
      .strict(),
    'The community grid (and street) containing a point, found through the spatial index.',
  ),
  'categories:list': call<Category[]>()(empty, 'The category table: big and small classes with time limits.'),
  'demo:load': call<DemoLoadResult>()(
    z
      .object({
        seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
        until: isoDate.optional(),
        incidents: z.number().int().min(0).max(5_000_000).optional(),
      })
      .strict(),
    'Generate the demo district (214 grids, persons, 12 weeks of cases) into an empty database.',
  ),
} as const;

export type Api = typeof api;
export type CallName = keyof Api;
export type CallInput<K extends CallName> = z.input<Api[K]['input']>;
export type ParsedInput<K extends CallName> = z.output<Api[K]['input']>;
export type CallOutput<K extends CallName> = Exclude<Api[K]['output'], undefined>;

export const callNames = Object.keys(api) as CallName[];

export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(api, name);
}

/** What every transport carries back. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: { kind: ErrorKind; message: string } };

/** The handler map the host implements; derived, so a missing or mistyped handler fails to compile. */
export type Handlers = {
  [K in CallName]: (input: ParsedInput<K>) => CallOutput<K> | Promise<CallOutput<K>>;
};

/** The client the renderer uses, whatever the transport. */
export type ApiClient = {
  [K in CallName]: (input: CallInput<K>) => Promise<CallOutput<K>>;
};

/** IPC channel for a call (Electron). */
export const channelFor = (name: CallName): string => `griddesk:${name}`;
