import type { ReactNode } from 'react';
import type { PersonSummary } from '../../../electron/contract';
import { DUTY_ROLE_LABELS } from '../../../db/domain/labels';

interface PersonSelectProps {
  readonly persons: readonly PersonSummary[];
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly label: string;
  readonly id?: string;
  readonly className?: string;
  /** Options before the persons (全部, 未分配, …). */
  readonly leading?: ReactNode;
  /** Persons listed first in their own group (e.g. those on duty in the case's grid). */
  readonly featured?: { readonly label: string; readonly persons: readonly PersonSummary[]; readonly gridCode?: string };
  readonly isDisabled?: boolean;
  /** Leave out deactivated persons. */
  readonly activeOnly?: boolean;
}

const INACTIVE = '已停用';

/** Persons grouped by unit (else the free-text organization; deactivated last), for pickers. */
export function groupByOrganization(persons: readonly PersonSummary[]): [string, PersonSummary[]][] {
  const groups = new Map<string, PersonSummary[]>();
  for (const p of persons) {
    const key = p.isActive ? (p.unitName ?? p.organization ?? '其他') : INACTIVE;
    const list = groups.get(key) ?? [];
    list.push(p);
    groups.set(key, list);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === INACTIVE ? 1 : b === INACTIVE ? -1 : a.localeCompare(b, 'zh-CN')));
}

function dutyText(person: PersonSummary, gridCode: string | undefined): string {
  const duty = gridCode ? person.duties.find((d) => d.gridCode === gridCode) : undefined;
  return duty ? `（${DUTY_ROLE_LABELS[duty.role]}）` : '';
}

/** A <select> of persons grouped by unit, with an optional featured group on top. */
export function PersonSelect({
  persons,
  value,
  onChange,
  label,
  id,
  className = 'gd-select',
  leading,
  featured,
  isDisabled,
  activeOnly = false,
}: PersonSelectProps) {
  const list = activeOnly ? persons.filter((p) => p.isActive) : persons;
  const featuredIds = new Set(featured?.persons.map((p) => p.id));
  return (
    <select id={id} className={className} aria-label={label} value={value} disabled={isDisabled} onChange={(e) => onChange(e.target.value)}>
      {leading}
      {featured && featured.persons.length > 0 && (
        <optgroup label={featured.label}>
          {featured.persons.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
              {dutyText(p, featured.gridCode)}
            </option>
          ))}
        </optgroup>
      )}
      {groupByOrganization(list.filter((p) => !featuredIds.has(p.id))).map(([org, members]) => (
        <optgroup key={org} label={org}>
          {members.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
