import type { Map as LeafletMap } from 'leaflet';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { BasemapView, GridTreeNode } from '../../../electron/contract';
import { detectTransport, TOKEN_META_NAME } from '../../api/client';
import { BasemapDialog } from './basemap/BasemapDialog';
import { BasemapLayer } from './basemap/BasemapLayer';
import { useCall } from '../../api/useCall';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Spinner } from '../../ui/Spinner';
import { GridTreePanel } from '../grids/GridTreePanel';
import { indexTree } from '../grids/treeIndex';
import { buildChoropleth, formatMeasure, measureValues, type Measure } from './choropleth';
import { downloadCanvas, renderMapCanvas } from './exportPng';
import { GridCard } from './GridCard';
import { GridMap, type MapLevel } from './GridMap';
import { overallBbox, toGridLayers } from './gridLayers';
import { MapLegend } from './MapLegend';
import { focusBbox } from './leafletAdapter';
import type { FocusRequest } from './MapViewport';
import { IncidentLayer } from './points/IncidentLayer';
import type { IncidentCanvasLayer } from './points/incidentCanvasLayer';
import { MapHandle } from './points/MapHandle';
import { MapToolHandler, type MapTool } from './points/MapToolHandler';
import { toPointsFilter, type Bbox4 } from './points/mapQuery';
import { PointsToolbar } from './points/PointsToolbar';
import { useIncidentPoints } from './points/useIncidentPoints';
import { useMapQuery } from './points/useMapQuery';

interface MapPageProps {
  readonly selectedCode: string | null;
  readonly onSelect: (code: string | null) => void;
  /** Canvas-free rendering for jsdom. */
  readonly showPoints?: boolean;
}

/** The app's own tile address: the token travels in the path (image requests can't carry a header). */
function offlineTileUrl(): string {
  const token = detectTransport() === 'electron' ? 'app' : (document.querySelector(`meta[name="${TOKEN_META_NAME}"]`)?.getAttribute('content') ?? '');
  return `tiles/${encodeURIComponent(token || 'app')}/{z}/{x}/{y}`;
}

/** The grid tree beside the map; selection lives in the address (#/map/<code>), filters after '?'. */
export function MapPage({ selectedCode, onSelect, showPoints = true }: MapPageProps) {
  const tree = useCall('grids:tree', {});
  const geometry = useCall('grids:geometry', {});
  const layers = useMemo(() => (geometry.data ? toGridLayers(geometry.data) : null), [geometry.data]);
  const treeIndex = useMemo(() => (tree.data ? indexTree(tree.data) : null), [tree.data]);

  const { query, setQuery, navigateGrid } = useMapQuery();
  const filter = useMemo(() => toPointsFilter(query), [query]);
  const points = useIncidentPoints(filter);

  const [level, setLevel] = useState<MapLevel>('grid');
  const [measure, setMeasure] = useState<Measure>('none');
  const [tool, setTool] = useState<MapTool>('none');
  const [hoveredCode, setHoveredCode] = useState<string | null>(null);
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  const mapRef = useRef<LeafletMap | null>(null);
  const basemap = useCall('map:basemap', {});
  const [savedBasemap, setSavedBasemap] = useState<BasemapView | null>(null);
  const [isBasemapOpen, setBasemapOpen] = useState(false);
  const basemapView = savedBasemap ?? basemap.data ?? null;
  const pointsLayer = useRef<IncidentCanvasLayer | null>(null);

  const week = useCall('stats:week', {}, { enabled: measure === 'onTime' || selectedCode !== null });
  const weekFigures = useMemo(() => {
    const m = new Map<string, NonNullable<typeof week.data>['byGrid'][number]>();
    for (const f of week.data?.byStreet ?? []) m.set(f.code, f);
    for (const f of week.data?.byGrid ?? []) m.set(f.code, f);
    return m;
  }, [week.data]);

  const choropleth = useMemo(() => {
    // Classes are computed over the level on show, so streets' larger counts don't wash out the grids.
    const shownLevel = level === 'grid' ? 3 : 2;
    const nodes = treeIndex ? [...treeIndex.values()].map((e) => e.node).filter((n) => n.level === shownLevel) : [];
    const figures = [...weekFigures.values()].filter((f) => treeIndex?.get(f.code)?.node.level === shownLevel);
    return buildChoropleth(measure, measureValues(measure, nodes, figures));
  }, [measure, treeIndex, weekFigures, level]);
  const fillFor = measure === 'none' ? undefined : choropleth.fillFor;
  const tipFor = useCallback(
    (code: string) => {
      const node = treeIndex?.get(code)?.node;
      if (!node) return null;
      const base = `在办 ${node.openIncidents} · 超期 ${node.overdueIncidents}`;
      return measure === 'onTime' ? `${base} · 本周按期 ${formatMeasure('onTime', choropleth.values.get(code))}` : base;
    },
    [treeIndex, measure, choropleth],
  );

  const selected = (selectedCode && layers?.byCode.get(selectedCode)) || null;
  const selectedEntry = selectedCode ? treeIndex?.get(selectedCode) : undefined;
  const hasQuery = window.location.hash.includes('?');
  const select = useCallback(
    (code: string | null) => (hasQuery ? navigateGrid(code) : onSelect(code)),
    [hasQuery, navigateGrid, onSelect],
  );

  const selectFromTree = useCallback(
    (node: GridTreeNode) => {
      select(node.code);
      const item = layers?.byCode.get(node.code);
      if (item) setFocus({ bbox: focusBbox(item.grid), withCard: true });
      if (node.level === 3) setLevel('grid');
    },
    [layers, select],
  );
  const selectOnMap = useCallback((code: string) => select(code), [select]);
  const hoverStart = useCallback((code: string) => setHoveredCode(code), []);
  const hoverEnd = useCallback((code: string) => setHoveredCode((prev) => (prev === code ? null : prev)), []);
  const showAll = useCallback(() => {
    select(null);
    const bbox = layers ? overallBbox(layers) : null;
    if (bbox) setFocus({ bbox });
  }, [layers, select]);
  const changeLevel = useCallback((next: MapLevel) => {
    setHoveredCode(null);
    setLevel(next);
  }, []);
  const openCase = useCallback((id: number) => {
    window.location.hash = `#/cases/${id}`;
  }, []);
  const filterByRectangle = useCallback(
    (bbox: Bbox4) => {
      setTool('none');
      setQuery({ ...query, bbox });
    },
    [query, setQuery],
  );
  const pickForNewCase = useCallback((lon: number, lat: number) => {
    setTool('none');
    window.location.hash = `#/cases/new?lon=${lon.toFixed(6)}&lat=${lat.toFixed(6)}`;
  }, []);
  const filterMapTo = useCallback(
    (code: string, lvl: GridTreeNode['level']) =>
      setQuery({ ...query, cases: { ...query.cases, gridCode: lvl === 3 ? code : null, streetCode: lvl === 2 ? code : null } }),
    [query, setQuery],
  );
  const exportPng = useCallback(() => {
    const map = mapRef.current;
    if (!map || !layers) return;
    const now = new Date();
    const date = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
    const title = `${tree.data?.name ?? '网格'} 案件分布图（${date}）`;
    const canvas = renderMapCanvas({ map, layers, fillFor: choropleth.fillFor, points: pointsLayer.current?.drawnItems() ?? null, title });
    downloadCanvas(canvas, `案件分布图-${date}.png`);
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
          measure={measure}
          onMeasure={setMeasure}
          tool={tool}
          onTool={setTool}
          count={points.index?.points.count ?? null}
          isLoading={points.isLoading}
          onExport={exportPng}
          onBasemap={() => setBasemapOpen(true)}
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
                level={level}
                selected={selected}
                hoveredCode={hoveredCode}
                focus={focus}
                onHoverStart={hoverStart}
                onHoverEnd={hoverEnd}
                onSelect={selectOnMap}
                fillFor={fillFor}
                tipFor={tipFor}
              >
                <MapHandle mapRef={mapRef} />
                <BasemapLayer view={basemapView} mbtilesUrl={offlineTileUrl()} />
                {showPoints && <IncidentLayer index={points.index} mode={query.mode} onOpenCase={openCase} layerRef={pointsLayer} />}
                <MapToolHandler tool={tool} onRectangle={filterByRectangle} onPick={pickForNewCase} />
              </GridMap>
              <MapLegend level={level} onLevelChange={changeLevel} onShowAll={showAll} mode={query.mode} choropleth={choropleth} />
              {isBasemapOpen && basemapView && (
                <BasemapDialog
                  view={basemapView}
                  onSaved={(v) => {
                    setSavedBasemap(v);
                    setBasemapOpen(false);
                  }}
                  onClose={() => setBasemapOpen(false)}
                />
              )}
              {tool !== 'none' && (
                <div className="gd-map__hint" role="status">
                  {tool === 'rect' ? '按住鼠标在地图上拖出矩形，只看其中的案件' : '在地图上点击案件位置，将打开新建案件表单'}
                </div>
              )}
              {points.error && (
                <div className="gd-map__corner-error" role="alert">
                  读取案件点失败：{points.error.message}
                </div>
              )}
              {layers && layers.invalid.length > 0 && (
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
              )}
              {selectedEntry ? (
                <GridCard
                  node={selectedEntry.node}
                  parentName={selectedEntry.parent?.name ?? null}
                  week={weekFigures.get(selectedEntry.node.code) ?? (selectedEntry.node.level === 1 ? (week.data?.totals ? { ...week.data.totals, code: selectedEntry.node.code, name: selectedEntry.node.name } : null) : null)}
                  weekLabel={week.data?.period.label ?? null}
                  onClose={() => select(null)}
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
