import type { ReactNode } from 'react';
import { Field } from './Field';

export interface SelectOption<V extends string> {
  readonly value: V;
  readonly label: string;
}

export interface SelectGroup<V extends string> {
  readonly label: string;
  readonly options: readonly SelectOption<V>[];
}

interface SelectProps<V extends string> {
  readonly value: V | '';
  readonly onChange: (value: V) => void;
  /** The choices, or the choices in labelled groups. */
  readonly options: readonly SelectOption<V>[] | readonly SelectGroup<V>[];
  /** An option before the choices ('请选择…', '全部街道'), with the value ''. */
  readonly placeholder?: string;
  readonly id?: string;
  /** The accessible name, where no <label> names the select (a filter bar). */
  readonly label?: string;
  readonly isSmall?: boolean;
  readonly isDisabled?: boolean;
  /** Classes besides gd-select. */
  readonly className?: string;
}

const isGroup = <V extends string>(o: SelectOption<V> | SelectGroup<V>): o is SelectGroup<V> => 'options' in o;

/** A <select> over a list of options (or groups of them), with an optional '' option first. */
export function Select<V extends string>({ value, onChange, options, placeholder, id, label, isSmall, isDisabled, className }: SelectProps<V>) {
  const option = (o: SelectOption<V>) => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  );
  const classes = ['gd-select', isSmall && 'gd-select--small', className].filter(Boolean).join(' ');
  return (
    <select id={id} className={classes} aria-label={label} value={value} disabled={isDisabled} onChange={(e) => onChange(e.target.value as V)}>
      {placeholder !== undefined && <option value="">{placeholder}</option>}
      {options.map((o) =>
        isGroup(o) ? (
          <optgroup key={o.label} label={o.label}>
            {o.options.map(option)}
          </optgroup>
        ) : (
          option(o)
        ),
      )}
    </select>
  );
}

interface SelectFieldProps<V extends string> extends Omit<SelectProps<V>, 'id' | 'label'> {
  readonly id: string;
  readonly label: string;
  readonly isRequired?: boolean;
  readonly error?: string | null | undefined;
  readonly hint?: ReactNode;
}

/** A labelled form row holding a Select. */
export function SelectField<V extends string>({ id, label, isRequired, error, hint, ...select }: SelectFieldProps<V>) {
  return (
    <Field label={label} htmlFor={id} isRequired={isRequired} error={error} hint={hint}>
      <Select id={id} {...select} />
    </Field>
  );
}
