/**
 * GCJ-02 tiles under WGS-84 data. A GCJ-02 tile draws a place at the Web-Mercator pixel of its GCJ-02
 * coordinates, some 500–700 m from where its WGS-84 coordinates put it. Rather than shifting every
 * polygon and point, each tile is moved by the offset measured at its own centre (the offset changes
 * by far less than a metre across one tile), and the set of tiles to load is moved with it.
 */
import gcoord from 'gcoord';
import L from 'leaflet';

/** WGS-84 → GCJ-02, [lon, lat]. */
export function wgsToGcj(lon: number, lat: number): [number, number] {
  const [x, y] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
  return [x, y];
}

/** GCJ-02 → WGS-84 by iterating the forward transform (centimetre-exact after a few rounds). */
export function gcjToWgs(lon: number, lat: number): [number, number] {
  let w: [number, number] = [lon, lat];
  for (let i = 0; i < 4; i++) {
    const [gx, gy] = wgsToGcj(w[0], w[1]);
    w = [w[0] + (lon - gx), w[1] + (lat - gy)];
  }
  return w;
}

const crs = L.CRS.EPSG3857;

/** Pixels to move a GCJ-02 tile drawn around pixel `p` (at zoom `z`) so it lines up with WGS-84 data. */
export function gcjPixelOffset(p: L.Point, z: number): L.Point {
  const g = crs.pointToLatLng(p, z);
  const [wLon, wLat] = gcjToWgs(g.lng, g.lat);
  return crs.latLngToPoint(L.latLng(wLat, wLon), z).subtract(p);
}

type GridInternals = {
  _getTilePos(coords: L.Coords): L.Point;
  _getTiledPixelBounds(center: L.LatLng): L.Bounds;
  _tileZoom?: number;
};

/** A tile layer whose source is in GCJ-02. */
export function gcjTileLayer(url: string, options: L.TileLayerOptions): L.TileLayer {
  const layer = L.tileLayer(url, options);
  const base = layer as unknown as GridInternals;
  const tilePos = base._getTilePos.bind(layer);
  const pixelBounds = base._getTiledPixelBounds.bind(layer);
  base._getTilePos = (coords) => {
    const size = layer.getTileSize();
    const centre = coords.scaleBy(size).add(size.divideBy(2));
    return tilePos(coords).add(gcjPixelOffset(centre, coords.z).round());
  };
  base._getTiledPixelBounds = (center) => {
    const b = pixelBounds(center);
    const map = (layer as unknown as { _map: L.Map })._map;
    const z = base._tileZoom ?? map.getZoom();
    const o = gcjPixelOffset(crs.latLngToPoint(center, z), z);
    return L.bounds(b.min!.subtract(o), b.max!.subtract(o));
  };
  return layer;
}
