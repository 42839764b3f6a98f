import type { Map as LeafletMap } from 'leaflet';
import { useCallback, useMemo, useReducer, useRef, useState } from 'react';
import type { GridTreeNode } from '../../../electron/contract';
import { offlineTileUrl } from '../../api/client';
import { navigate } from '../../app/urlState';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Spinner } from '../../ui/Spinner';
import { GridTreePanel } from '../grids/GridTreePanel';
import { BasemapDialog } from './basemap/BasemapDialog';
import { BasemapLayer } from './basemap/BasemapLayer';
import { exportMapPng } from './exportPng';
import { GridCard } from './GridCard';
import { GridMap } from './GridMap';
import type { GridLayers } from './gridLayers';
import { overallBbox } from './gridLayers';
import { focusBbox } from './leafletAdapter';
import { MapLegend } from './MapLegend';
import { PatrolTrackLayer } from './PatrolTrackLayer';
import { useOperator } from '../session/useOperator';
import { mayCall } from '../../domain/permissions';
import { INITIAL_MAP_VIEW, mapViewReducer } from './mapView';
import { IncidentLayer } from './points/IncidentLayer';
import type { IncidentCanvasLayer } from './points/incidentCanvasLayer';
import { MapHandle } from './points/MapHandle';
import { MapToolHandler } from './points/MapToolHandler';
import { toPointsFilter, type Bbox4 } from './points/mapQuery';
import { gridCountIndex, gridLabelPoints } from './points/gridCounts';
import { PointsToolbar, presetOf } from './points/PointsToolbar';
import { useIncidentPoints } from './points/useIncidentPoints';
import { useMapQuery } from './points/useMapQuery';
import { useMapColouring, useMapData } from './useMapData';

interface MapPageProps {
  readonly selectedCode: string | null;
  /** A grid chosen on the map or in the tree (null: none); the address keeps the filters. */
  readonly onSelect: (code: string | null) => void;
  /** Canvas-free rendering for jsdom. */
  readonly showPoints?: boolean;
}

const TOOL_HINTS = {
  rect: '按住鼠标在地图上拖出矩形，只看其中的案件',
  create: '在地图上点击案件位置，将打开新建案件表单',
} as const;

/**
 * The grid tree beside the map. The address holds the selection (#/map/<code>) and the case filters
 * (after '?'); the view state (level, colouring, tool, hover, focus) is one reducer (mapView.ts); what
 * the page reads comes from the cache (useMapData), so counts and points follow every step on a case.
 */
export function MapPage({ selectedCode, onSelect, showPoints = true }: MapPageProps) {
  const [view, dispatch] = useReducer(mapViewReducer, INITIAL_MAP_VIEW);
  const { tree, geometry, basemap, treeIndex, weekFigures, weekOf, weekLabel } = useMapData(selectedCode, view.measure);
  const { choropleth, fillFor, tipFor } = useMapColouring(view.measure, view.level, treeIndex, weekFigures);
  const { query, setQuery } = useMapQuery();
  const filter = useMemo(() => toPointsFilter(query), [query]);
  const points = useIncidentPoints(filter);
  const mapRef = useRef<LeafletMap | null>(null);
  const { operator } = useOperator();
  const [showTracks, setShowTracks] = useState(false);
  const mayTrack = mayCall('patrol:tracks', operator);
  const pointsLayer = useRef<IncidentCanvasLayer | null>(null);

  const layers = geometry.layers;
  // The first view while the points load: each grid's count, kept by the host (for the bar's presets).
  const labels = useMemo(() => (layers ? gridLabelPoints(layers.grids) : null), [layers]);
  const preset = query.bbox ? 'custom' : presetOf(query);
  const gridCounts = useMemo(
    () => (tree.data && labels && preset !== 'custom' ? gridCountIndex(tree.data, labels, preset) : null),
    [tree.data, labels, preset],
  );
  const shownIndex = points.index ?? (points.isLoading ? gridCounts : null);
  const selected = (selectedCode && layers?.byCode.get(selectedCode)) || null;
  const selectedEntry = selectedCode ? treeIndex?.get(selectedCode) : undefined;

  const hoverStart = useCallback((code: string) => dispatch({ type: 'hover', code }), []);
  const hoverEnd = useCallback((code: string) => dispatch({ type: 'unhover', code }), []);
  const selectFromTree = useCallback(
    (node: GridTreeNode) => {
      onSelect(node.code);
      const item = layers?.byCode.get(node.code);
      dispatch({ type: 'focus', focus: item ? { bbox: focusBbox(item.grid), withCard: true } : null, ...(node.level === 3 ? { level: 'grid' } : {}) });
    },
    [layers, onSelect],
  );
  const showAll = useCallback(() => {
    onSelect(null);
    const bbox = layers ? overallBbox(layers) : null;
    if (bbox) dispatch({ type: 'focus', focus: { bbox } });
  }, [layers, onSelect]);
  const filterByRectangle = useCallback(
    (bbox: Bbox4) => {
      dispatch({ type: 'tool', tool: 'none' });
      setQuery({ ...query, bbox });
    },
    [query, setQuery],
  );
  const pickForNewCase = useCallback((lon: number, lat: number) => {
    dispatch({ type: 'tool', tool: 'none' });
    navigate({ page: 'cases', gridCode: null, caseId: 'new', query: `lon=${lon.toFixed(6)}&lat=${lat.toFixed(6)}` });
  }, []);
  const filterMapTo = useCallback(
    (code: string, level: GridTreeNode['level']) =>
      setQuery({ ...query, cases: { ...query.cases, gridCode: level === 3 ? code : null, streetCode: level === 2 ? code : null } }),
    [query, setQuery],
  );
  const exportPng = useCallback(() => {
    if (!mapRef.current || !layers) return;
    const drawn = pointsLayer.current?.drawnItems() ?? null;
    exportMapPng({ map: mapRef.current, layers, fillFor: choropleth.fillFor, points: drawn, areaName: tree.data?.name ?? '网格' });
  }, [layers, choropleth, tree.data]);

  const initialBbox = selected ? focusBbox(selected.grid) : layers ? overallBbox(layers) : null;

  return (
    <div className="gd-mappage">
      <aside className="gd-mappage__side" aria-label="网格">
        {tree.error ? (
          <div className="gd-mappage__notice">
            <ErrorNotice error={tree.error} action="读取网格树" onRetry={tree.reload} />
          </div>
        ) : tree.data ? (
          <GridTreePanel root={tree.data} selectedCode={selectedCode} onSelect={selectFromTree} />
        ) : tree.data === null ? (
          <div className="gd-mappage__notice gd-muted">数据库中没有网格。</div>
        ) : (
          <div className="gd-mappage__notice">
            <Spinner label="正在读取网格…" />
          </div>
        )}
      </aside>
      <div className="gd-mappage__main">
        <PointsToolbar
          query={query}
          onQuery={setQuery}
          measure={view.measure}
          onMeasure={(measure) => dispatch({ type: 'measure', measure })}
          tool={view.tool}
          onTool={(tool) => dispatch({ type: 'tool', tool })}
          count={points.index?.points.count ?? null}
          isLoading={points.isLoading}
          received={points.received}
          onExport={exportPng}
          onBasemap={() => dispatch({ type: 'basemap', isOpen: true })}
        />
        <section className="gd-mappage__map" aria-label="网格地图">
          {geometry.error ? (
            <div className="gd-mappage__notice gd-mappage__notice--center">
              <ErrorNotice error={geometry.error} action="读取网格边界" onRetry={geometry.reload} />
            </div>
          ) : layers && initialBbox ? (
            <>
              <GridMap
                layers={layers}
                initialBbox={initialBbox}
                level={view.level}
                selected={selected}
                hoveredCode={view.hoveredCode}
                focus={view.focus}
                onHoverStart={hoverStart}
                onHoverEnd={hoverEnd}
                onSelect={onSelect}
                fillFor={fillFor}
                tipFor={tipFor}
              >
                <MapHandle mapRef={mapRef} />
                <BasemapLayer view={basemap.data ?? null} mbtilesUrl={offlineTileUrl()} />
                {showPoints && <IncidentLayer index={shownIndex} mode={query.mode} onOpenCase={openCase} layerRef={pointsLayer} />}
                <MapToolHandler tool={view.tool} onRectangle={filterByRectangle} onPick={pickForNewCase} />
                {mayTrack && showTracks && <PatrolTrackLayer layers={layers} selectedCode={selectedCode} onClose={() => setShowTracks(false)} />}
              </GridMap>
              <MapLegend
                level={view.level}
                onLevelChange={(level) => dispatch({ type: 'level', level })}
                onShowAll={showAll}
                mode={query.mode}
                choropleth={choropleth}
                tracks={mayTrack ? { isOn: showTracks, onToggle: () => setShowTracks((on) => !on) } : undefined}
              />
              {view.isBasemapOpen && basemap.data && (
                <BasemapDialog view={basemap.data} onClose={() => dispatch({ type: 'basemap', isOpen: false })} />
              )}
              {view.tool !== 'none' && (
                <div className="gd-map__hint" role="status">
                  {TOOL_HINTS[view.tool]}
                </div>
              )}
              {points.error && (
                <div className="gd-map__corner-error" role="alert">
                  读取案件点失败：{points.error.message}
                </div>
              )}
              <InvalidGrids layers={layers} />
              {selectedEntry ? (
                <GridCard
                  node={selectedEntry.node}
                  parentName={selectedEntry.parent?.name ?? null}
                  week={weekOf(selectedEntry.node)}
                  weekLabel={weekLabel}
                  onClose={() => onSelect(null)}
                  onFilterMap={filterMapTo}
                />
              ) : (
                selectedCode &&
                treeIndex && (
                  <div className="gd-selcard gd-selcard--missing" role="status">
                    没有编码为 {selectedCode} 的网格。
                  </div>
                )
              )}
            </>
          ) : layers ? (
            <div className="gd-mappage__notice gd-mappage__notice--center gd-muted">没有可显示的网格边界。</div>
          ) : (
            <div className="gd-mappage__notice gd-mappage__notice--center">
              <Spinner label="正在载入网格边界…" />
            </div>
          )}
        </section>
      </div>
    </div>
  );
}

function openCase(id: number): void {
  navigate({ page: 'cases', gridCode: null, caseId: id });
}

/** Grids whose boundary could not be drawn, named in the map corner. */
function InvalidGrids({ layers }: { layers: GridLayers }) {
  if (layers.invalid.length === 0) return null;
  return (
    <div className="gd-map__corner-error gd-map__corner-error--geometry" role="alert" aria-label="无效的网格边界">
      {layers.invalid.length} 个网格的边界无效，未绘制：
      <ul>
        {layers.invalid.slice(0, 5).map(({ grid, problem }) => (
          <li key={grid.code}>
            {grid.name}（{grid.code}）：{problem}
          </li>
        ))}
      </ul>
      {layers.invalid.length > 5 && <div>……另有 {layers.invalid.length - 5} 个</div>}
      请在“导入 → 网格边界”重新导入正确的边界。
    </div>
  );
}
