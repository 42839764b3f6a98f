import L from 'leaflet';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { BasemapView } from '../../../electron/contract';
import { gcjPixelOffset, gcjToWgs, wgsToGcj } from '../../../renderer/features/map/basemap/gcjShift';
import { MapPage } from '../../../renderer/features/map/MapPage';
import { createFakeClient } from '../fixtures';
import { renderWithApi } from '../renderWithApi';

/** Metres between two WGS-84 points (haversine). */
function metres(aLon: number, aLat: number, bLon: number, bLat: number): number {
  const r = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (bLat - aLat) * rad;
  const dLon = (bLon - aLon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(h));
}

/**
 * The published GCJ-02 algorithm (Krasovsky ellipsoid), written out independently of gcoord, as the
 * reference the app's conversion is checked against.
 */
function referenceGcj(lon: number, lat: number): [number, number] {
  const a = 6378245.0;
  const ee = 0.00669342162296594323;
  const x = lon - 105.0;
  const y = lat - 35.0;
  let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLat += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLat += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  let dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLon += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLon += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLon += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - ee * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180.0) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

describe('GCJ-02 tiles under WGS-84 data', () => {
  it('a known point: 五一广场, Changsha: WGS-84 → GCJ-02 within 5 m of the published algorithm, and back', () => {
    const [lon, lat] = wgsToGcj(112.9766, 28.1961);
    const [rLon, rLat] = referenceGcj(112.9766, 28.1961);
    expect(metres(lon, lat, rLon, rLat)).toBeLessThan(5);
    const d = metres(112.9766, 28.1961, lon, lat);
    expect(d).toBeGreaterThan(450);
    expect(d).toBeLessThan(750);
    const [bLon, bLat] = gcjToWgs(lon, lat);
    expect(metres(112.9766, 28.1961, bLon, bLat)).toBeLessThan(0.5);
  });

  it('each GCJ-02 tile moved by its own offset puts every place of the district within 5 m of its WGS-84 position', () => {
    const crs = L.CRS.EPSG3857;
    for (const zoom of [12, 14, 16, 18]) {
      for (const [lon, lat] of [[113.03, 28.195], [113.09, 28.225], [112.97, 28.165], [113.08, 28.155], [112.98, 28.235]] as const) {
        const [gLon, gLat] = referenceGcj(lon, lat);
        // Where the tile draws the place, which tile that is, and where the shifted tile puts it.
        const p = crs.latLngToPoint(L.latLng(gLat, gLon), zoom);
        const tileCentre = p.divideBy(256).floor().multiplyBy(256).add(L.point(128, 128));
        const drawn = crs.pointToLatLng(p.add(gcjPixelOffset(tileCentre, zoom).round()), zoom);
        const tolerance = Math.max(5, (40075016 * Math.cos((lat * Math.PI) / 180)) / 2 ** (zoom + 8));
        expect(metres(lon, lat, drawn.lng, drawn.lat)).toBeLessThan(tolerance);
      }
    }
  });
});

describe('basemap on the map page', () => {
  async function renderWith(view: BasemapView) {
    const client = createFakeClient();
    client['map:basemap'] = vi.fn(async () => view);
    document.head.insertAdjacentHTML('beforeend', '<meta name="griddesk-token" content="tok123">');
    renderWithApi(<MapPage selectedCode={null} onSelect={vi.fn()} showPoints={false} />, client);
    const map = await screen.findByRole('region', { name: '网格地图' });
    await waitFor(() => expect(map.querySelectorAll('path.gd-path--grid')).toHaveLength(3));
    return map;
  }
  const settings = { xyzUrl: null, xyzCrs: 'wgs84' as const, xyzSubdomains: 'abc', mbtilesPath: '/data/x.mbtiles', mbtilesCrs: 'wgs84' as const };

  it('a bad MBTiles file: its problem in the map corner, the grids still drawn, no tile requested', async () => {
    const map = await renderWith({ settings, mbtiles: { ok: false, message: '离线底图是矢量瓦片（pbf），GridDesk 只支持栅格瓦片（png / jpg / webp）' } });
    expect(await screen.findByText(/离线底图不可用：离线底图是矢量瓦片/)).toBeInTheDocument();
    expect(map.querySelectorAll('.gd-basemap img')).toHaveLength(0);
  });

  it('a good MBTiles file is drawn from the app itself with the token in the tile path', async () => {
    const map = await renderWith({
      settings,
      mbtiles: { ok: true, info: { path: '/data/x.mbtiles', name: 'x', format: 'png', minzoom: 10, maxzoom: 17, bounds: null } },
    });
    await waitFor(() => expect(map.querySelector('.gd-basemap--offline')).not.toBeNull());
    await waitFor(() => expect(map.querySelector('.gd-basemap--offline img')).not.toBeNull());
    expect(map.querySelector('.gd-basemap--offline img')!.getAttribute('src')).toMatch(/^tiles\/tok123\/\d+\/\d+\/\d+$/);
  });
});
