import { useEffect, useRef } from 'react';
import { useMap } from 'react-leaflet';
import type { ClusterIndex } from './clusterIndex';
import { IncidentCanvasLayer, type PointsMode } from './incidentCanvasLayer';

interface IncidentLayerProps {
  readonly index: ClusterIndex | null;
  readonly mode: PointsMode;
  readonly onOpenCase: (id: number) => void;
  /** Receives the Leaflet layer (for the PNG export). */
  readonly layerRef?: { current: IncidentCanvasLayer | null };
}

/** The clustered incidents on one canvas; data in by props, case clicks out by callback. */
export function IncidentLayer({ index, mode, onOpenCase, layerRef }: IncidentLayerProps) {
  const map = useMap();
  const openRef = useRef(onOpenCase);
  openRef.current = onOpenCase;
  const layer = useRef<IncidentCanvasLayer | null>(null);
  useEffect(() => {
    const l = new IncidentCanvasLayer({ onOpenCase: (id) => openRef.current(id) });
    layer.current = l;
    if (layerRef) layerRef.current = l;
    l.addTo(map);
    return () => {
      l.remove();
      layer.current = null;
      if (layerRef) layerRef.current = null;
    };
  }, [map, layerRef]);
  useEffect(() => {
    layer.current?.setIndex(index);
  }, [index]);
  useEffect(() => {
    layer.current?.setMode(mode);
  }, [mode]);
  return null;
}
