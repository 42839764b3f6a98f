import 'leaflet/dist/leaflet.css';
import type { ReactNode } from 'react';
import { MapContainer } from 'react-leaflet';
import { CommunityGridLayer } from './CommunityGridLayer';
import { DistrictLayer } from './DistrictLayer';
import type { GridLayers, MapGrid } from './gridLayers';
import { FIT_PADDING, type Bbox, padBbox, toBounds } from './leafletAdapter';
import { MapViewport, type FocusRequest } from './MapViewport';
import { SelectionLayer } from './SelectionLayer';
import { StreetLayer } from './StreetLayer';
import './map.css';

export type MapLevel = 'street' | 'grid';

interface GridMapProps {
  readonly layers: GridLayers;
  /** The area shown first (the map ignores later changes; use `focus`). */
  readonly initialBbox: Bbox;
  readonly level: MapLevel;
  readonly selected: MapGrid | null;
  readonly hoveredCode: string | null;
  readonly focus: FocusRequest | null;
  readonly onHoverStart: (code: string) => void;
  readonly onHoverEnd: (code: string) => void;
  readonly onSelect: (code: string) => void;
  /** SVG by default; canvas where many paths make it faster. Injectable because jsdom has no canvas. */
  readonly renderer?: 'svg' | 'canvas';
  /** Choropleth fill per grid or street code; null = the plain fill. */
  readonly fillFor?: ((code: string) => string | null) | undefined;
  readonly tipFor?: ((code: string) => string | null) | undefined;
  /** Further layers and tools inside the map. */
  readonly children?: ReactNode;
}

/** The grid map without tiles: the polygons are the map. Data in by props, events out by callbacks. */
export function GridMap({
  layers,
  initialBbox,
  level,
  selected,
  hoveredCode,
  focus,
  onHoverStart,
  onHoverEnd,
  onSelect,
  renderer = 'svg',
  fillFor,
  tipFor,
  children,
}: GridMapProps) {
  const home = layers.district?.grid.bbox ?? initialBbox;
  return (
    <div className={`gd-map gd-map--${level}`}>
      <MapContainer
        className="gd-map__leaflet"
        bounds={toBounds(initialBbox)}
        boundsOptions={FIT_PADDING}
        preferCanvas={renderer === 'canvas'}
        attributionControl={false}
        zoomSnap={0.1}
        zoomDelta={0.5}
        wheelPxPerZoomLevel={90}
        minZoom={10}
        maxZoom={19}
        maxBounds={toBounds(padBbox(home, 0.75))}
        maxBoundsViscosity={0.8}
      >
        <MapViewport focus={focus} />
        <CommunityGridLayer
          grids={layers.grids}
          isVisible={level === 'grid'}
          hoveredCode={hoveredCode}
          selectedCode={selected?.grid.code ?? null}
          onHoverStart={onHoverStart}
          onHoverEnd={onHoverEnd}
          onSelect={onSelect}
          fillFor={fillFor}
          tipFor={tipFor}
        />
        <StreetLayer
          streets={layers.streets}
          isInteractive={level === 'street'}
          hoveredCode={hoveredCode}
          selectedCode={selected?.grid.code ?? null}
          onHoverStart={onHoverStart}
          onHoverEnd={onHoverEnd}
          onSelect={onSelect}
          fillFor={level === 'street' ? fillFor : undefined}
        />
        <DistrictLayer district={layers.district} />
        <SelectionLayer selected={selected} />
        {children}
      </MapContainer>
    </div>
  );
}
