import type { Map as LeafletMap } from 'leaflet';
import { useEffect } from 'react';
import { useMap } from 'react-leaflet';

/** Hands the Leaflet map to the page (for the PNG export). */
export function MapHandle({ mapRef }: { mapRef: { current: LeafletMap | null } }) {
  const map = useMap();
  useEffect(() => {
    mapRef.current = map;
    return () => {
      mapRef.current = null;
    };
  }, [map, mapRef]);
  return null;
}
