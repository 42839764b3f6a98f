import { useEffect, useRef } from 'react';
import { useMap } from 'react-leaflet';
import { type Bbox, fitToBbox, trackContainerSize } from './leafletAdapter';

/** A request to show an area; a new object each time, so asking twice for the same area works. */
export interface FocusRequest {
  readonly bbox: Bbox;
  /** A grid card will open bottom left: keep the area clear of it. */
  readonly withCard?: boolean;
}

/** Moves the view when asked and keeps Leaflet's size in step with the layout. Renders nothing. */
export function MapViewport({ focus }: { focus: FocusRequest | null }) {
  const map = useMap();
  const isFirst = useRef(true);

  useEffect(() => trackContainerSize(map), [map]);

  useEffect(() => {
    if (focus) fitToBbox(map, focus.bbox, !isFirst.current, focus.withCard ?? false);
    isFirst.current = false;
  }, [map, focus]);

  return null;
}
