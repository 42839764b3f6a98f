import { UNIT_KINDS, UNIT_KIND_LABELS, type UnitSummary } from '../../../electron/contract';

interface UnitSelectProps {
  readonly units: readonly UnitSummary[];
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly label: string;
  readonly id?: string;
  readonly className?: string;
  /** The first option, with the value '' ('请选择…', '无'). */
  readonly placeholder: string;
  /** A unit left out (the unit being edited, as its own parent). */
  readonly excludeId?: number;
  readonly isDisabled?: boolean;
}

/** Active units grouped by kind (街道办事处, 城管执法, 环卫 …), for pickers. */
export function groupUnitsByKind(units: readonly UnitSummary[]): [string, UnitSummary[]][] {
  return UNIT_KINDS.map((kind): [string, UnitSummary[]] => [UNIT_KIND_LABELS[kind], units.filter((u) => u.kind === kind)]).filter(([, list]) => list.length > 0);
}

/** A <select> of the active units, grouped by kind. */
export function UnitSelect({ units, value, onChange, label, id, className = 'gd-select', placeholder, excludeId, isDisabled }: UnitSelectProps) {
  const list = units.filter((u) => u.active && u.id !== excludeId);
  return (
    <select id={id} className={className} aria-label={label} value={value} disabled={isDisabled} onChange={(e) => onChange(e.target.value)}>
      <option value="">{placeholder}</option>
      {groupUnitsByKind(list).map(([kind, members]) => (
        <optgroup key={kind} label={kind}>
          {members.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
