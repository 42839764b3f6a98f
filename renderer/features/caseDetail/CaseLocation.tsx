import { ErrorNotice } from '../../ui/ErrorNotice';
import { Spinner } from '../../ui/Spinner';
import { focusBbox, type Bbox } from '../map/leafletAdapter';
import { PointMap } from '../map/PointMap';
import { useGridLayers } from '../map/useGridLayers';

interface CaseLocationProps {
  readonly gridCode: string | null;
  readonly lon: number | null;
  readonly lat: number | null;
}

/** Degrees shown around a point that lies in no grid (about 400 m). */
const AROUND = 0.004;

/** Where the case is: its grid outlined, the reported point marked. */
export function CaseLocation({ gridCode, lon, lat }: CaseLocationProps) {
  const { layers, error, reload } = useGridLayers();
  if (error) return <ErrorNotice error={error} action="读取网格边界" onRetry={reload} />;
  if (!layers) return <Spinner label="正在载入地图…" />;
  const grid = gridCode ? layers.byCode.get(gridCode) : undefined;
  const point = lon !== null && lat !== null ? ([lon, lat] as const) : null;
  const bbox = grid
    ? focusBbox(grid.grid)
    : point
      ? ([point[0] - AROUND, point[1] - AROUND, point[0] + AROUND, point[1] + AROUND] as Bbox)
      : (layers.district?.grid.bbox ?? null);
  if (!bbox) return <p className="gd-muted">没有位置信息。</p>;
  return (
    <PointMap
      key={`${gridCode ?? ''}-${lon ?? ''}-${lat ?? ''}`}
      layers={layers}
      highlightCode={gridCode}
      point={point}
      initialBbox={bbox}
      label="案件位置"
    />
  );
}
