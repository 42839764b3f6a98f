import { Select } from '../../ui/SelectField';
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
      <Select
        label="街道"
        isSmall
        className="gd-areapicker__street"
        isDisabled={areas.streets.length === 0}
        placeholder={`${districtName}（全区）`}
        options={areas.streets.map((s) => ({ value: s.code, label: s.name }))}
        value={streetCode ?? ''}
        onChange={(code) => onChange(code || null)}
      />
      <Select
        label="网格"
        isSmall
        className="gd-areapicker__grid"
        isDisabled={!streetCode}
        placeholder={streetCode ? '全部网格' : '—'}
        options={grids.map((g) => ({ value: g.code, label: g.name }))}
        value={gridCode}
        onChange={(code) => onChange(code || streetCode)}
      />
    </div>
  );
}
