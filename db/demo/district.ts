import type { GridGeometry, GridLevel } from '../types';
import {
  areaM2,
  bboxOf,
  centroid,
  groupCompact,
  largestPart,
  lloydRelax,
  nodeRegions,
  readingOrder,
  roundMultiPolygon,
  samplePoint,
  toGeoJson,
  voronoiPartition,
} from './geometry';
import type { BBox, MultiPolygon, Pair } from './geometry';
import { DEMO_STREETS, DISTRICT_CODE, DISTRICT_NAME } from './names';
import { FURONG_OUTLINE } from './outline';
import { apportion, createRng } from './random';
import type { Rng } from './random';

/**
 * The demo district's three levels of grids: 芙蓉区, its 13 streets as a Voronoi partition of seed
 * points clipped to the outline, and 200 community grids as a Voronoi partition of Lloyd-relaxed
 * points inside each street, clipped to the street. Grids are grouped into communities of 3–6.
 */

export const COMMUNITY_GRID_COUNT = 200;
export const MIN_GRIDS_PER_STREET = 8;
const LLOYD_ITERATIONS = 10;

export interface DemoGrid {
  code: string;
  parentCode: string | null;
  level: GridLevel;
  name: string;
  geometry: GridGeometry;
  /** The same geometry as a polygon-clipping multipolygon, for sampling points. */
  shape: MultiPolygon;
  bbox: BBox;
  areaM2: number;
  /** Index into DEMO_STREETS (levels 2 and 3). */
  streetIndex: number | null;
  /** Community name and number within its street (level 3). */
  community: string | null;
  communityNumber: string | null;
}

function makeGrid(
  code: string,
  parentCode: string | null,
  level: GridLevel,
  name: string,
  shape: MultiPolygon,
  streetIndex: number | null,
  community: string | null = null,
): DemoGrid {
  return {
    code,
    parentCode,
    level,
    name,
    geometry: toGeoJson(shape),
    shape,
    bbox: bboxOf(shape),
    areaM2: Math.round(areaM2(shape) * 100) / 100,
    streetIndex,
    community,
    communityNumber: community ? code.slice(9, 12) : null,
  };
}

/** Community sizes of 3–6 grids summing to n, a little varied. */
function communitySizes(n: number, rng: Rng): number[] {
  let count = Math.round(n / 4.5);
  count = Math.max(Math.ceil(n / 6), Math.min(Math.floor(n / 3), count));
  const sizes = apportion(
    n,
    Array.from({ length: count }, () => 1),
  );
  for (let k = 0; k < count * 2; k++) {
    const a = rng.int(0, count - 1);
    const b = rng.int(0, count - 1);
    if (a !== b && sizes[a]! > 3 && sizes[b]! < 6) {
      sizes[a]! -= 1;
      sizes[b]! += 1;
    }
  }
  return sizes;
}

function mean(points: readonly Pair[]): Pair {
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p[0];
    y += p[1];
  }
  return [x / points.length, y / points.length];
}

/** All 214 grids: district first, then streets 001–013, then community grids by code. */
export function buildDistrictGrids(seed: number): DemoGrid[] {
  type Draft = Omit<DemoGrid, 'geometry' | 'bbox' | 'areaM2' | 'communityNumber'>;
  const outline: MultiPolygon = roundMultiPolygon([[FURONG_OUTLINE.map((p): Pair => [p[0], p[1]])]]);
  const districtCode = `${DISTRICT_CODE}000000000`;
  const district: Draft = {
    code: districtCode,
    parentCode: null,
    level: 1,
    name: DISTRICT_NAME,
    shape: outline,
    streetIndex: null,
    community: null,
  };

  const seeds: Pair[] = [];
  const owners: number[] = [];
  DEMO_STREETS.forEach((street, i) => {
    for (const p of street.seeds) {
      seeds.push([p[0], p[1]]);
      owners.push(i);
    }
  });
  const streetShapes = voronoiPartition(seeds, outline, owners);
  const streets: Draft[] = DEMO_STREETS.map((street, i) => ({
    code: `${DISTRICT_CODE}${street.number}000000`,
    parentCode: districtCode,
    level: 2,
    name: street.name,
    shape: streetShapes[i]!,
    streetIndex: i,
    community: null,
  }));

  const counts = apportion(
    COMMUNITY_GRID_COUNT,
    streetShapes.map((shape) => areaM2(shape)),
    MIN_GRIDS_PER_STREET,
  );

  const communityGrids: Draft[] = [];
  streets.forEach((street, s) => {
    const info = DEMO_STREETS[s]!;
    const rng = createRng(seed, `grids:${info.number}`);
    const n = counts[s]!;
    const bbox = bboxOf(street.shape);
    const initial = Array.from({ length: n }, () => samplePoint(rng, street.shape, bbox));
    const relaxed = lloydRelax(initial, street.shape, LLOYD_ITERATIONS);
    const shapes = voronoiPartition(relaxed, street.shape);
    const centres = shapes.map((shape) => centroid(largestPart(shape)));
    const groups = groupCompact(centres, communitySizes(n, rng));
    const orderedGroups = readingOrder(groups, (members) => mean(members.map((i) => centres[i]!)));
    orderedGroups.forEach((members, c) => {
      const community = `${info.communities[c % info.communities.length]!}社区`;
      const communityNumber = String(c + 1).padStart(3, '0');
      readingOrder(members, (i) => centres[i]!).forEach((i, g) => {
        communityGrids.push({
          code: `${DISTRICT_CODE}${info.number}${communityNumber}${String(g + 1).padStart(3, '0')}`,
          parentCode: street.code,
          level: 3,
          name: `${community}第${g + 1}网格`,
          shape: shapes[i]!,
          streetIndex: s,
          community,
        });
      });
    });
  });
  communityGrids.sort((a, b) => (a.code < b.code ? -1 : 1));

  // Streets and grids were clipped separately: share their boundary vertices exactly.
  const all = [district, ...streets, ...communityGrids];
  const noded = nodeRegions(all.map((d) => d.shape));
  return all.map((d, i) => makeGrid(d.code, d.parentCode, d.level, d.name, noded[i]!, d.streetIndex, d.community));
}
