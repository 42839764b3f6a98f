import type { Areas } from './useAreas';

interface AreaPickerProps {
  readonly areas: Areas;
  /** A street or grid code; null for the whole district. */
  readonly value: string | null;
  readonly onChange: (code: string | null) => void;
}

/** District → street → community grid, as two selects. */
export function AreaPicker({ areas, value, onChange }: AreaPickerProps) {
  const chosen = value ? areas.byCode.get(value) : undefined;
  const streetCode = chosen ? (chosen.level === 3 ? chosen.parentCode : chosen.level === 2 ? chosen.code : null) : null;
  const gridCode = chosen?.level === 3 ? chosen.code : '';
  const grids = streetCode ? (areas.gridsByStreet.get(streetCode) ?? []) : [];
  const districtName = areas.district?.name ?? '全区';

  return (
    <div className="gd-areapicker" role="group" aria-label="统计区域">
      <select
        className="gd-select gd-select--small gd-areapicker__street"
        aria-label="街道"
        value={streetCode ?? ''}
        disabled={areas.streets.length === 0}
        onChange={(e) => onChange(e.target.value || null)}
      >
        <option value="">{districtName}（全区）</option>
        {areas.streets.map((s) => (
          <option key={s.code} value={s.code}>
            {s.name}
          </option>
        ))}
      </select>
      <select
        className="gd-select gd-select--small gd-areapicker__grid"
        aria-label="网格"
        value={gridCode}
        disabled={!streetCode}
        onChange={(e) => onChange(e.target.value || streetCode)}
      >
        <option value="">{streetCode ? '全部网格' : '—'}</option>
        {grids.map((g) => (
          <option key={g.code} value={g.code}>
            {g.name}
          </option>
        ))}
      </select>
    </div>
  );
}
