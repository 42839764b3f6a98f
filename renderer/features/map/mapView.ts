/**
 * What the map page shows besides the address (which holds the selected grid and the case filters):
 * the level drawn, the colouring, the tool in hand, the grid under the pointer, the area asked for, and
 * whether the basemap settings are open. One reducer, so each change says what it does.
 */
import type { Measure } from './choropleth';
import type { MapLevel } from './GridMap';
import type { FocusRequest } from './MapViewport';
import type { MapTool } from './points/MapToolHandler';

export interface MapViewState {
  readonly level: MapLevel;
  readonly measure: Measure;
  readonly tool: MapTool;
  readonly hoveredCode: string | null;
  /** The last area asked for (a new object each time, so asking twice for the same area works). */
  readonly focus: FocusRequest | null;
  readonly isBasemapOpen: boolean;
}

export type MapViewAction =
  | { readonly type: 'level'; readonly level: MapLevel }
  | { readonly type: 'measure'; readonly measure: Measure }
  | { readonly type: 'tool'; readonly tool: MapTool }
  | { readonly type: 'hover'; readonly code: string }
  | { readonly type: 'unhover'; readonly code: string }
  /** Show an area; a grid chosen in the tree also brings the grid level back. */
  | { readonly type: 'focus'; readonly focus: FocusRequest | null; readonly level?: MapLevel }
  | { readonly type: 'basemap'; readonly isOpen: boolean };

export const INITIAL_MAP_VIEW: MapViewState = {
  level: 'grid',
  measure: 'none',
  tool: 'none',
  hoveredCode: null,
  focus: null,
  isBasemapOpen: false,
};

export function mapViewReducer(state: MapViewState, action: MapViewAction): MapViewState {
  switch (action.type) {
    case 'level':
      // The hovered polygon belongs to the level going away.
      return { ...state, level: action.level, hoveredCode: null };
    case 'measure':
      return { ...state, measure: action.measure };
    case 'tool':
      return { ...state, tool: action.tool };
    case 'hover':
      return { ...state, hoveredCode: action.code };
    case 'unhover':
      return state.hoveredCode === action.code ? { ...state, hoveredCode: null } : state;
    case 'focus':
      return { ...state, focus: action.focus ?? state.focus, level: action.level ?? state.level };
    case 'basemap':
      return { ...state, isBasemapOpen: action.isOpen };
  }
}
