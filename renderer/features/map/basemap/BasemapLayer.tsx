import L from 'leaflet';
import { useEffect, useState } from 'react';
import { useMap } from 'react-leaflet';
import type { BasemapView } from '../../../../electron/contract';
import { gcjTileLayer } from './gcjShift';

interface BasemapLayerProps {
  readonly view: BasemapView | null;
  /** Where the app serves its offline tiles ('tiles/<token>/{z}/{x}/{y}'). */
  readonly mbtilesUrl: string;
}

interface Problem {
  readonly key: string;
  readonly text: string;
}

/**
 * The optional basemaps under the grid polygons: the offline MBTiles file served by the app, and/or a
 * configured XYZ server. Problems show in the map corner; the rest of the map keeps working.
 */
export function BasemapLayer({ view, mbtilesUrl }: BasemapLayerProps) {
  const map = useMap();
  const [problems, setProblems] = useState<Problem[]>([]);
  const settings = view?.settings;
  const mb = view?.mbtiles ?? null;
  const key = JSON.stringify([settings, mb, mbtilesUrl]);

  useEffect(() => {
    if (!settings) return;
    const found: Problem[] = [];
    const layers: L.TileLayer[] = [];
    const report = () => setProblems([...found]);
    if (settings.mbtilesPath) {
      if (mb && !mb.ok) found.push({ key: 'mb', text: `离线底图不可用：${mb.message}` });
      else if (mb?.ok) {
        const make = settings.mbtilesCrs === 'gcj02' ? gcjTileLayer : L.tileLayer;
        const layer = make(mbtilesUrl, {
          minNativeZoom: mb.info.minzoom,
          maxNativeZoom: mb.info.maxzoom,
          maxZoom: 19,
          className: 'gd-basemap gd-basemap--offline',
        });
        const warnZoom = () => {
          const z = map.getZoom();
          const i = found.findIndex((p) => p.key === 'mbzoom');
          if (i >= 0) found.splice(i, 1);
          if (z < mb.info.minzoom - 0.01) found.push({ key: 'mbzoom', text: `离线底图只有第 ${mb.info.minzoom}–${mb.info.maxzoom} 级瓦片，放大后显示` });
          report();
        };
        map.on('zoomend', warnZoom);
        layer.on('remove', () => map.off('zoomend', warnZoom));
        warnZoom();
        layers.push(layer);
      }
    }
    if (settings.xyzUrl) {
      let failed = 0;
      const make = settings.xyzCrs === 'gcj02' ? gcjTileLayer : L.tileLayer;
      const layer = make(settings.xyzUrl, {
        subdomains: settings.xyzSubdomains || 'abc',
        maxZoom: 19,
        referrerPolicy: 'no-referrer',
        crossOrigin: false,
        className: 'gd-basemap gd-basemap--remote',
      });
      layer.on('tileerror', () => {
        failed++;
        const text = `在线瓦片加载失败（${failed} 块）：请检查瓦片地址或网络`;
        const i = found.findIndex((p) => p.key === 'xyz');
        if (i >= 0) found[i] = { key: 'xyz', text };
        else found.push({ key: 'xyz', text });
        report();
      });
      layers.push(layer);
    }
    for (const layer of layers) layer.addTo(map);
    report();
    return () => {
      for (const layer of layers) layer.remove();
      setProblems([]);
    };
  }, [map, key]);

  if (!problems.length) return null;
  return (
    <div className="gd-map__corner-error gd-map__corner-error--basemap" role="alert">
      {problems.map((p) => (
        <div key={p.key}>{p.text}</div>
      ))}
    </div>
  );
}
