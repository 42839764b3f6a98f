import { useCallback, useMemo } from 'react';
import type { GridTreeNode, NamedFigures } from '../../../electron/contract';
import { useCall } from '../../api/useCall';
import { indexTree, type TreeEntry } from '../grids/treeIndex';
import { buildChoropleth, formatMeasure, measureValues, type Choropleth, type Measure } from './choropleth';
import type { MapLevel } from './GridMap';
import { useGridLayers } from './useGridLayers';

/**
 * What the map page reads: the grid tree with its counts, the grid polygons, the basemap settings and,
 * when a grid is selected or the map is coloured by it, this week's figures. All from the cache, so a
 * step taken on a case anywhere refreshes the counts here.
 */
export function useMapData(selectedCode: string | null, measure: Measure) {
  const tree = useCall('grids:tree', {});
  const geometry = useGridLayers();
  const basemap = useCall('map:basemap', {});
  const week = useCall('stats:week', {}, { enabled: measure === 'onTime' || selectedCode !== null });
  const treeIndex = useMemo(() => (tree.data ? indexTree(tree.data) : null), [tree.data]);

  const weekFigures = useMemo(() => {
    const byCode = new Map<string, NamedFigures>();
    for (const f of week.data?.byStreet ?? []) byCode.set(f.code, f);
    for (const f of week.data?.byGrid ?? []) byCode.set(f.code, f);
    return byCode;
  }, [week.data]);

  /** This week's figures of a grid or street; for the district, the totals. */
  const weekOf = useCallback(
    (node: GridTreeNode): NamedFigures | null => {
      const totals = week.data?.totals;
      return weekFigures.get(node.code) ?? (node.level === 1 && totals ? { ...totals, code: node.code, name: node.name } : null);
    },
    [weekFigures, week.data],
  );

  return { tree, geometry, basemap, treeIndex, weekFigures, weekOf, weekLabel: week.data?.period.label ?? null };
}

export interface MapColouring {
  readonly choropleth: Choropleth;
  /** The fill per code, or undefined for the plain map. */
  readonly fillFor: ((code: string) => string | null) | undefined;
  /** The tooltip line of a grid or street: its counts, and the measure shown. */
  readonly tipFor: (code: string) => string | null;
}

/** Grids or streets coloured by a measure, classed over the level on show. */
export function useMapColouring(
  measure: Measure,
  level: MapLevel,
  treeIndex: ReadonlyMap<string, TreeEntry> | null,
  weekFigures: ReadonlyMap<string, NamedFigures>,
): MapColouring {
  const choropleth = useMemo(() => {
    // Classes are computed over the level on show, so streets' larger counts don't wash out the grids.
    const shownLevel = level === 'grid' ? 3 : 2;
    const nodes = treeIndex ? [...treeIndex.values()].map((e) => e.node).filter((n) => n.level === shownLevel) : [];
    const figures = [...weekFigures.values()].filter((f) => treeIndex?.get(f.code)?.node.level === shownLevel);
    return buildChoropleth(measure, measureValues(measure, nodes, figures));
  }, [measure, treeIndex, weekFigures, level]);

  const tipFor = useCallback(
    (code: string) => {
      const node = treeIndex?.get(code)?.node;
      if (!node) return null;
      const base = `在办 ${node.openIncidents} · 超期 ${node.overdueIncidents}`;
      return measure === 'onTime' ? `${base} · 本周按期 ${formatMeasure('onTime', choropleth.values.get(code))}` : base;
    },
    [treeIndex, measure, choropleth],
  );

  return { choropleth, fillFor: measure === 'none' ? undefined : choropleth.fillFor, tipFor };
}
