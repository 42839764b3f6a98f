import { Pane, Polygon } from 'react-leaflet';
import type { MapGrid } from './gridLayers';
import { PANES, districtStyle } from './mapStyles';

/** The district outline: the strongest line, never interactive. */
export function DistrictLayer({ district }: { district: MapGrid | null }) {
  return (
    <Pane
      name={PANES.district.name}
      pane="overlayPane"
      className="gd-pane gd-pane--passive"
      style={{ zIndex: String(PANES.district.zIndex) }}
    >
      {district && (
        <Polygon
          positions={district.positions}
          pathOptions={districtStyle}
          interactive={false}
          className="gd-path gd-path--district"
        />
      )}
    </Pane>
  );
}
