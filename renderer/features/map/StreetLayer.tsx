import { memo, useMemo } from 'react';
import { Pane, Polygon, Tooltip } from 'react-leaflet';
import type { MapGrid } from './gridLayers';
import { labelPoint } from './labelPoint';
import { PANES, streetStyle } from './mapStyles';

interface StreetLayerProps {
  readonly streets: readonly MapGrid[];
  /** Street level: filled, hoverable and clickable. Grid level: borders and labels only. */
  readonly isInteractive: boolean;
  readonly hoveredCode: string | null;
  readonly selectedCode: string | null;
  readonly onHoverStart: (code: string) => void;
  readonly onHoverEnd: (code: string) => void;
  readonly onSelect: (code: string) => void;
  readonly fillFor?: ((code: string) => string | null) | undefined;
}

/** Street borders (thicker than grids) with the street names as permanent labels. */
export function StreetLayer({
  streets,
  isInteractive,
  hoveredCode,
  selectedCode,
  onHoverStart,
  onHoverEnd,
  onSelect,
  fillFor,
}: StreetLayerProps) {
  return (
    <Pane
      name={PANES.streets.name}
      pane="overlayPane"
      className="gd-pane gd-pane--streets"
      style={{ zIndex: String(PANES.streets.zIndex) }}
    >
      {streets.map((street) => (
        <StreetPolygon
          // Leaflet reads `interactive` only when a path is added: switching levels re-creates the paths.
          key={`${street.grid.code}:${isInteractive ? 'i' : 'p'}`}
          street={street}
          isInteractive={isInteractive}
          isHovered={isInteractive && hoveredCode === street.grid.code && selectedCode !== street.grid.code}
          onHoverStart={onHoverStart}
          onHoverEnd={onHoverEnd}
          onSelect={onSelect}
          fill={fillFor?.(street.grid.code) ?? null}
        />
      ))}
    </Pane>
  );
}

interface StreetPolygonProps {
  readonly street: MapGrid;
  readonly isInteractive: boolean;
  readonly isHovered: boolean;
  readonly onHoverStart: (code: string) => void;
  readonly onHoverEnd: (code: string) => void;
  readonly onSelect: (code: string) => void;
  readonly fill: string | null;
}

const StreetPolygon = memo(function StreetPolygon({
  street,
  isInteractive,
  isHovered,
  onHoverStart,
  onHoverEnd,
  onSelect,
  fill,
}: StreetPolygonProps) {
  const { code, name } = street.grid;
  const pathOptions = useMemo(() => streetStyle(isInteractive, isHovered, fill), [isInteractive, isHovered, fill]);
  const labelAt = useMemo(() => labelPoint(street.positions) ?? undefined, [street.positions]);
  const eventHandlers = useMemo(
    () =>
      isInteractive
        ? { mouseover: () => onHoverStart(code), mouseout: () => onHoverEnd(code), click: () => onSelect(code) }
        : {},
    [isInteractive, code, onHoverStart, onHoverEnd, onSelect],
  );
  return (
    <Polygon
      positions={street.positions}
      pathOptions={pathOptions}
      interactive={isInteractive}
      className="gd-path gd-path--street"
      eventHandlers={eventHandlers}
    >
      {/* Labels go to the tooltip pane: Leaflet stacks an SVG above its siblings in the same pane. */}
      <Tooltip pane="tooltipPane" permanent direction="center" position={labelAt} className="gd-street-label">
        <span className={`gd-street-label__name${isHovered ? ' is-hovered' : ''}`}>{name}</span>
        {isHovered && <span className="gd-street-label__code">{code}</span>}
      </Tooltip>
    </Polygon>
  );
});
