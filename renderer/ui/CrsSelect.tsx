import { COORDINATE_SYSTEMS, type CoordinateSystem } from '../../electron/contract';
import { CRS_LABELS } from '../../db/domain/labels';

interface CrsSelectProps<S extends CoordinateSystem> {
  readonly value: S;
  readonly onChange: (crs: S) => void;
  /** The accessible name (default 坐标系). */
  readonly label?: string;
  readonly id?: string;
  /** The systems offered, in order (default all: WGS-84, GCJ-02, BD-09). */
  readonly systems?: readonly S[];
  /** Wording for a context, e.g. tile servers (default CRS_LABELS). */
  readonly labels?: Partial<Readonly<Record<S, string>>>;
  readonly className?: string;
}

/** The coordinate-system picker: the systems China's maps and devices use, named as the desk knows them. */
export function CrsSelect<S extends CoordinateSystem = CoordinateSystem>({
  value,
  onChange,
  label = '坐标系',
  id,
  systems = COORDINATE_SYSTEMS as readonly CoordinateSystem[] as readonly S[],
  labels,
  className = 'gd-select',
}: CrsSelectProps<S>) {
  return (
    <select id={id} className={className} aria-label={label} value={value} onChange={(e) => onChange(e.target.value as S)}>
      {systems.map((crs) => (
        <option key={crs} value={crs}>
          {labels?.[crs] ?? CRS_LABELS[crs]}
        </option>
      ))}
    </select>
  );
}
