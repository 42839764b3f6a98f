import { useMemo } from 'react';
import type { AssessObjectResult, GradeBand, GridWithGeometry } from '../../../electron/contract';
import { INSUFFICIENT_LABEL } from '../../../electron/contract';
import { useCall } from '../../api/useCall';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Spinner } from '../../ui/Spinner';

interface GradeMapProps {
  readonly objects: readonly AssessObjectResult[];
  readonly bands: readonly GradeBand[];
  readonly selected: string | null;
  /** Community grids are picked when graded, else their street. */
  readonly onSelect: (type: 'grid' | 'street', code: string) => void;
  readonly height?: number;
}

const WIDTH = 640;
const PAD = 6;

type Ring = readonly (readonly number[])[];

function ringsOf(g: GridWithGeometry): Ring[] {
  return g.geometry.type === 'Polygon' ? [...g.geometry.coordinates] : g.geometry.coordinates.flatMap((p) => [...p]);
}

/**
 * The grades as a choropleth of the district's grids (drawn from their polygons as SVG, no basemap): each
 * community grid in its grade's colour, or its street's when the scheme scores streets only; 样本不足 and
 * grids without a grade white. Streets outlined and named. A click opens that grid's (or street's) score.
 */
export function GradeMap({ objects, bands, selected, onSelect, height }: GradeMapProps) {
  const geometry = useCall('grids:geometry', {});
  const byCode = useMemo(() => new Map(objects.map((o) => [`${o.type}:${o.code}`, o])), [objects]);
  const drawing = useMemo(() => {
    const grids = geometry.data;
    if (!grids?.length) return null;
    const district = grids.find((g) => g.level === 1) ?? grids[0]!;
    const [minLon, minLat, maxLon, maxLat] = district.bbox;
    const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
    const scale = (WIDTH - 2 * PAD) / ((maxLon - minLon) * kx);
    const h = Math.round((maxLat - minLat) * scale + 2 * PAD);
    const path = (g: GridWithGeometry) =>
      ringsOf(g)
        .map((r) => 'M' + r.map((c) => `${(PAD + (c[0]! - minLon) * kx * scale).toFixed(1)},${(PAD + (maxLat - c[1]!) * scale).toFixed(1)}`).join('L') + 'Z')
        .join('');
    const centre = (g: GridWithGeometry) => {
      const r = ringsOf(g)[0] ?? [];
      const x = r.reduce((n, c) => n + c[0]!, 0) / Math.max(1, r.length);
      const y = r.reduce((n, c) => n + c[1]!, 0) / Math.max(1, r.length);
      return [PAD + (x - minLon) * kx * scale, PAD + (maxLat - y) * scale] as const;
    };
    return {
      height: h,
      streets: grids.filter((g) => g.level === 2).map((g) => ({ g, d: path(g), at: centre(g) })),
      cells: grids.filter((g) => g.level === 3).map((g) => ({ g, d: path(g) })),
      district: path(district),
    };
  }, [geometry.data]);

  if (geometry.error) return <ErrorNotice error={geometry.error} action="读取网格边界" onRetry={geometry.reload} />;
  if (!drawing) return <Spinner label="正在绘制等级分布图…" />;
  const streetOf = new Map(drawing.streets.map((s) => [s.g.id, s.g]));
  const sortedBands = [...bands].sort((a, b) => b.min - a.min);

  return (
    <figure className="gd-assess-map">
      <svg viewBox={`0 0 ${WIDTH} ${drawing.height}`} style={height ? { maxHeight: height } : undefined} role="img" aria-label="考核等级分布图">
        {drawing.cells.map(({ g, d }) => {
          const own = byCode.get(`grid:${g.code}`);
          const parent = g.parentId !== null ? streetOf.get(g.parentId) : undefined;
          const street = parent ? byCode.get(`street:${parent.code}`) : undefined;
          const shown = own ?? street;
          const fill = shown && !shown.insufficient && shown.gradeColour ? shown.gradeColour : '#ffffff';
          const isSelected = (own && own.code === selected) || (!own && street && street.code === selected);
          const title = own
            ? `${own.name}：${own.insufficient ? INSUFFICIENT_LABEL : `${own.score?.toFixed(2)} 分，${own.grade}`}`
            : street
              ? `${g.name}（${street.name}：${street.insufficient ? INSUFFICIENT_LABEL : `${street.score?.toFixed(2)} 分，${street.grade}`}）`
              : `${g.name}：未考核`;
          return (
            <path
              key={g.code}
              d={d}
              fill={fill}
              className={`gd-assess-map__cell${isSelected ? ' is-selected' : ''}${shown ? ' is-graded' : ''}`}
              onClick={() => (own ? onSelect('grid', own.code) : street ? onSelect('street', street.code) : undefined)}
            >
              <title>{title}</title>
            </path>
          );
        })}
        {drawing.streets.map(({ g, d }) => (
          <path key={g.code} d={d} className="gd-assess-map__street" />
        ))}
        <path d={drawing.district} className="gd-assess-map__district" />
        {drawing.streets.map(({ g, at }) => (
          <text key={g.code} x={at[0]} y={at[1]} className="gd-assess-map__label">
            {g.name.replace(/街道$/, '')}
          </text>
        ))}
      </svg>
      <figcaption className="gd-assess-map__legend">
        {sortedBands.map((b, k) => (
          <span key={b.grade}>
            <i style={{ background: b.colour }} />
            {b.grade}（{k === 0 ? `${b.min} 分及以上` : `${b.min}–${sortedBands[k - 1]!.min} 分`}）
          </span>
        ))}
        <span>
          <i className="gd-assess-map__blank" />
          {INSUFFICIENT_LABEL}或未考核
        </span>
      </figcaption>
    </figure>
  );
}
