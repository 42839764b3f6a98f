/** The map: case points for a filter and the basemap settings. */
import { z } from 'zod';
import type { ByteChunks } from './mapPointsWire';
import type { BasemapView } from '../tiles/tileService';
import { call, ADMIN_ONLY } from './define';
import { empty, incidentFilter, text } from './common';

const tileCrs = z.enum(['wgs84', 'gcj02']);

export const mapCalls = {
  'map:points': call<ByteChunks>()({
    input: z.object({ filter: incidentFilter.default({}) }).strict(),
    doc: 'Every located case matching a filter, for the map: a streamed binary answer (mapPointsWire.ts: ids, lon/lat, status code, overdue flag in chunks).',
    reads: ['incidents'],
  }),
  'map:basemap': call<BasemapView>()({
    input: empty,
    doc: 'The basemap settings (XYZ URL, offline MBTiles file) and whether the MBTiles file is usable.',
    reads: ['settings'],
  }),
  'map:set-basemap': call<BasemapView>()({
    input: z
      .object({
        xyzUrl: text('url', '瓦片地址').trim().min(1).nullable(),
        xyzCrs: tileCrs,
        xyzSubdomains: z.string().regex(/^[0-9a-z]{1,16}$/, '子域名应为 1–16 个字母或数字').default('abc'),
        mbtilesPath: z.string().trim().min(1).max(4096).nullable(),
        mbtilesCrs: tileCrs,
      })
      .strict(),
    doc: 'Save the basemap settings; the MBTiles file is opened at once and its problem, if any, reported.',
    access: ADMIN_ONLY,
    writes: ['settings'],
  }),
} as const;
