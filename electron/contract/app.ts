/** The app itself, grids and categories, the demo district. */
import { z } from 'zod';
import type { AppInfo, Category, DemoLoadResult, Grid, GridLocation, GridTreeNode, GridWithGeometry } from '../../db/types';
import { call } from './define';
import { crs, empty, gridCode, isoDate, lat, lon } from './common';

const level = z.union([z.literal(1), z.literal(2), z.literal(3)]);

export const appCalls = {
  'app:info': call<AppInfo>()({
    input: empty,
    doc: 'Version, schema version, database path, counts, demo marker (before logging in too).',
    access: 'public',
    reads: ['app', 'settings'],
  }),
  'grids:list': call<Grid[]>()({
    input: z.object({ level: level.optional(), parentCode: gridCode.optional() }).strict(),
    doc: 'Grids without geometry, optionally one level or the children of one grid, ordered by code.',
    reads: ['grids'],
  }),
  'grids:geometry': call<GridWithGeometry[]>()({
    input: z.object({ level: level.optional() }).strict(),
    doc: 'Grids with their WGS-84 GeoJSON polygons, for the map.',
    reads: ['grids'],
  }),
  'grids:tree': call<GridTreeNode | null>()({
    input: empty,
    doc: 'District → streets → grids with open/overdue/total case counts.',
    reads: ['grids', 'incidents'],
  }),
  'grids:locate': call<GridLocation>()({
    input: z.object({ lon, lat, crs: crs.default('wgs84') }).strict(),
    doc: 'The community grid (and street) containing a point, found through the spatial index.',
    reads: ['grids'],
  }),
  'categories:list': call<Category[]>()({
    input: empty,
    doc: 'The category table: big and small classes with time limits.',
    reads: ['categories'],
  }),
  'demo:load': call<DemoLoadResult>()({
    input: z
      .object({
        seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
        until: isoDate.optional(),
        incidents: z.number().int().min(0).max(5_000_000).optional(),
      })
      .strict(),
    doc: 'Generate the demo district (214 grids, persons, 12 weeks of cases) into an empty database, with demo accounts per role.',
    access: 'public',
    writes: ['grids', 'persons', 'operators', 'incidents', 'attachments', 'settings', 'campaigns', 'imports'],
  }),
} as const;
