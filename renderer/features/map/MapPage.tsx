import { useCallback, useMemo, useState } from 'react';
import type { GridTreeNode } from '../../../electron/contract';
import { useCall } from '../../api/useCall';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Spinner } from '../../ui/Spinner';
import { GridTreePanel } from '../grids/GridTreePanel';
import { indexTree } from '../grids/treeIndex';
import { GridMap, type MapLevel } from './GridMap';
import { overallBbox, toGridLayers } from './gridLayers';
import { MapLegend } from './MapLegend';
import { focusBbox } from './leafletAdapter';
import type { FocusRequest } from './MapViewport';
import { SelectionCard } from './SelectionCard';

interface MapPageProps {
  readonly selectedCode: string | null;
  readonly onSelect: (code: string | null) => void;
}

/** The grid tree beside the map; selection lives in the address (#/map/<code>). */
export function MapPage({ selectedCode, onSelect }: MapPageProps) {
  const tree = useCall('grids:tree', {});
  const geometry = useCall('grids:geometry', {});
  const layers = useMemo(() => (geometry.data ? toGridLayers(geometry.data) : null), [geometry.data]);
  const treeIndex = useMemo(() => (tree.data ? indexTree(tree.data) : null), [tree.data]);

  const [level, setLevel] = useState<MapLevel>('grid');
  const [hoveredCode, setHoveredCode] = useState<string | null>(null);
  const [focus, setFocus] = useState<FocusRequest | null>(null);

  const selected = (selectedCode && layers?.byCode.get(selectedCode)) || null;
  const selectedEntry = selectedCode ? treeIndex?.get(selectedCode) : undefined;

  // Choosing in the tree moves the map; clicking on the map only selects (the view stays put).
  const selectFromTree = useCallback(
    (node: GridTreeNode) => {
      onSelect(node.code);
      const item = layers?.byCode.get(node.code);
      if (item) setFocus({ bbox: focusBbox(item.grid) });
      if (node.level === 3) setLevel('grid');
    },
    [layers, onSelect],
  );
  const selectOnMap = useCallback((code: string) => onSelect(code), [onSelect]);
  const hoverStart = useCallback((code: string) => setHoveredCode(code), []);
  const hoverEnd = useCallback((code: string) => setHoveredCode((prev) => (prev === code ? null : prev)), []);
  const showAll = useCallback(() => {
    onSelect(null);
    const bbox = layers ? overallBbox(layers) : null;
    if (bbox) setFocus({ bbox });
  }, [layers, onSelect]);
  const changeLevel = useCallback((next: MapLevel) => {
    setHoveredCode(null);
    setLevel(next);
  }, []);

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
            />
            <MapLegend level={level} onLevelChange={changeLevel} onShowAll={showAll} />
            {selectedEntry ? (
              <SelectionCard
                node={selectedEntry.node}
                parentName={selectedEntry.parent?.name ?? null}
                onClose={() => onSelect(null)}
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
  );
}
