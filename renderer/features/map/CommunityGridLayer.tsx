import { memo, useMemo } from 'react';
import { Pane, Polygon, Tooltip } from 'react-leaflet';
import type { MapGrid } from './gridLayers';
import { PANES, gridStyle } from './mapStyles';

interface CommunityGridLayerProps {
  readonly grids: readonly MapGrid[];
  readonly isVisible: boolean;
  readonly hoveredCode: string | null;
  readonly selectedCode: string | null;
  readonly onHoverStart: (code: string) => void;
  readonly onHoverEnd: (code: string) => void;
  readonly onSelect: (code: string) => void;
  readonly fillFor?: ((code: string) => string | null) | undefined;
  /** A line of figures under the name in the hover tip. */
  readonly tipFor?: ((code: string) => string | null) | undefined;
}

/** Community grids: thin borders, highlighted under the pointer with their name and code. */
export function CommunityGridLayer({
  grids,
  isVisible,
  hoveredCode,
  selectedCode,
  onHoverStart,
  onHoverEnd,
  onSelect,
  fillFor,
  tipFor,
}: CommunityGridLayerProps) {
  return (
    <Pane name={PANES.grids.name} pane="overlayPane" className="gd-pane" style={{ zIndex: String(PANES.grids.zIndex) }}>
      {isVisible &&
        grids.map((item) => (
          <GridPolygon
            key={item.grid.code}
            item={item}
            // The selected grid keeps its selection colour under the pointer.
            isHovered={hoveredCode === item.grid.code && selectedCode !== item.grid.code}
            onHoverStart={onHoverStart}
            onHoverEnd={onHoverEnd}
            onSelect={onSelect}
            fill={fillFor?.(item.grid.code) ?? null}
            tip={tipFor?.(item.grid.code) ?? null}
          />
        ))}
    </Pane>
  );
}

interface GridPolygonProps {
  readonly item: MapGrid;
  readonly isHovered: boolean;
  readonly onHoverStart: (code: string) => void;
  readonly onHoverEnd: (code: string) => void;
  readonly onSelect: (code: string) => void;
  readonly fill: string | null;
  readonly tip: string | null;
}

const GridPolygon = memo(function GridPolygon({ item, isHovered, onHoverStart, onHoverEnd, onSelect, fill, tip }: GridPolygonProps) {
  const { code, name } = item.grid;
  const pathOptions = useMemo(() => gridStyle(isHovered, fill), [isHovered, fill]);
  const eventHandlers = useMemo(
    () => ({ mouseover: () => onHoverStart(code), mouseout: () => onHoverEnd(code), click: () => onSelect(code) }),
    [code, onHoverStart, onHoverEnd, onSelect],
  );
  return (
    <Polygon
      positions={item.positions}
      pathOptions={pathOptions}
      className="gd-path gd-path--grid"
      eventHandlers={eventHandlers}
    >
      <Tooltip pane="tooltipPane" sticky direction="top" offset={[0, -8]} className="gd-grid-tip">
        <span className="gd-grid-tip__name">{name}</span>
        <span className="gd-grid-tip__code">{code}</span>
        {tip && <span className="gd-grid-tip__figures">{tip}</span>}
      </Tooltip>
    </Polygon>
  );
});
