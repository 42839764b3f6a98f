import { Pane, Polygon } from 'react-leaflet';
import type { MapGrid } from './gridLayers';
import { PANES, selectionStyle } from './mapStyles';

/** The selected street or grid, outlined above everything else. */
export function SelectionLayer({ selected }: { selected: MapGrid | null }) {
  const isShown = selected !== null && selected.grid.level !== 1;
  return (
    <Pane
      name={PANES.selection.name}
      pane="overlayPane"
      className="gd-pane gd-pane--passive"
      style={{ zIndex: String(PANES.selection.zIndex) }}
    >
      {isShown && (
        <Polygon
          key={selected.grid.code}
          positions={selected.positions}
          pathOptions={selectionStyle}
          interactive={false}
          className="gd-path gd-path--selected"
        />
      )}
    </Pane>
  );
}
