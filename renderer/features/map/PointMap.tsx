import 'leaflet/dist/leaflet.css';
import { memo, useMemo } from 'react';
import { CircleMarker, MapContainer, Pane, Polygon, useMapEvents } from 'react-leaflet';
import type { GridLayers, MapGrid } from './gridLayers';
import { type Bbox, toBounds, padBbox } from './leafletAdapter';
import { MapViewport, type FocusRequest } from './MapViewport';
import { COLORS, PANES, districtStyle, selectionStyle } from './mapStyles';
import './map.css';

interface PointMapProps {
  readonly layers: GridLayers;
  /** The grid to outline (the case's grid, or the one the picked point falls in). */
  readonly highlightCode: string | null;
  /** WGS-84 [lon, lat] of the marker. */
  readonly point: readonly [number, number] | null;
  /** The area shown first. */
  readonly initialBbox: Bbox;
  /** Move the view here when it changes. */
  readonly focus?: FocusRequest | null;
  /** Makes the map a picker: a click reports its WGS-84 position. */
  readonly onPick?: (lon: number, lat: number) => void;
  readonly label: string;
}

const faintGrid = { color: COLORS.grid, weight: 0.6, opacity: 0.9, fill: true, fillColor: COLORS.gridFill, fillOpacity: 0.9 };
const faintStreet = { color: COLORS.street, weight: 1.4, opacity: 0.8, fill: false };
const markerStyle = { color: '#ffffff', weight: 2, fillColor: '#c62828', fillOpacity: 1 };

/** A small map without tiles: the grids as the map, one grid outlined and one point marked. */
export function PointMap({ layers, highlightCode, point, initialBbox, focus = null, onPick, label }: PointMapProps) {
  const highlighted = highlightCode ? (layers.byCode.get(highlightCode) ?? null) : null;
  const home = layers.district?.grid.bbox ?? initialBbox;
  return (
    <div className={`gd-map gd-pointmap${onPick ? ' gd-pointmap--picker' : ''}`} role="region" aria-label={label}>
      <MapContainer
        className="gd-map__leaflet"
        bounds={toBounds(initialBbox)}
        attributionControl={false}
        zoomSnap={0.25}
        zoomDelta={0.5}
        minZoom={11}
        maxZoom={19}
        maxBounds={toBounds(padBbox(home, 0.5))}
      >
        <MapViewport focus={focus} />
        <Backdrop layers={layers} />
        <Pane name={PANES.selection.name} style={{ zIndex: String(PANES.selection.zIndex) }} className="gd-pane gd-pane--passive">
          {highlighted && <Highlight key={highlighted.grid.code} grid={highlighted} />}
          {point && (
            <CircleMarker
              center={[point[1], point[0]]}
              radius={7}
              pathOptions={markerStyle}
              interactive={false}
              className="gd-path gd-path--marker"
            />
          )}
        </Pane>
        {onPick && <PickHandler onPick={onPick} />}
      </MapContainer>
    </div>
  );
}

/** The district's grids and streets, drawn once, never interactive. */
const Backdrop = memo(function Backdrop({ layers }: { layers: GridLayers }) {
  const grids = useMemo(() => layers.grids.map((g) => g.positions), [layers]);
  const streets = useMemo(() => layers.streets.map((s) => s.positions), [layers]);
  return (
    <Pane name={PANES.grids.name} style={{ zIndex: String(PANES.grids.zIndex) }} className="gd-pane gd-pane--passive">
      {grids.map((positions, k) => (
        <Polygon key={`g${k}`} positions={positions} pathOptions={faintGrid} interactive={false} />
      ))}
      {streets.map((positions, k) => (
        <Polygon key={`s${k}`} positions={positions} pathOptions={faintStreet} interactive={false} />
      ))}
      {layers.district && (
        <Polygon positions={layers.district.positions} pathOptions={districtStyle} interactive={false} />
      )}
    </Pane>
  );
});

function Highlight({ grid }: { grid: MapGrid }) {
  return <Polygon positions={grid.positions} pathOptions={selectionStyle} interactive={false} className="gd-path gd-path--selected" />;
}

function PickHandler({ onPick }: { onPick: (lon: number, lat: number) => void }) {
  useMapEvents({ click: (e) => onPick(e.latlng.lng, e.latlng.lat) });
  return null;
}
