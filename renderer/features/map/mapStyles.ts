import type { PathOptions } from 'leaflet';

/** Line and fill styles of the grid map; the legend draws its samples from the same values. */
export const COLORS = {
  district: '#16365f',
  street: '#35598a',
  grid: '#9aabc0',
  gridFill: '#ffffff',
  hoverFill: '#d6e5f7',
  hoverLine: '#2866b0',
  selection: '#e07b00',
  selectionFill: '#f5b942',
} as const;

export const districtStyle: PathOptions = { color: COLORS.district, weight: 3.5, opacity: 1, fill: false };

export function streetStyle(isFilled: boolean, isHovered: boolean, fill: string | null = null): PathOptions {
  return {
    color: COLORS.street,
    weight: 2,
    opacity: 0.95,
    fill: isFilled,
    fillColor: isHovered ? COLORS.hoverFill : (fill ?? COLORS.gridFill),
    fillOpacity: isFilled ? 0.94 : 0,
  };
}

export function gridStyle(isHovered: boolean, fill: string | null = null): PathOptions {
  return {
    color: isHovered ? COLORS.hoverLine : COLORS.grid,
    weight: isHovered ? 1.6 : 0.8,
    opacity: 1,
    fill: true,
    fillColor: isHovered ? COLORS.hoverFill : (fill ?? COLORS.gridFill),
    fillOpacity: 0.94,
  };
}

export const selectionStyle: PathOptions = {
  color: COLORS.selection,
  weight: 3,
  opacity: 1,
  fill: true,
  fillColor: COLORS.selectionFill,
  fillOpacity: 0.22,
};

/**
 * Map panes, bottom to top, nested in Leaflet's overlay pane (where vector layers normally live);
 * the tooltip pane (labels) stays above them all.
 */
export const PANES = {
  grids: { name: 'gd-grids', zIndex: 410 },
  streets: { name: 'gd-streets', zIndex: 420 },
  district: { name: 'gd-district', zIndex: 430 },
  selection: { name: 'gd-selection', zIndex: 440 },
} as const;
