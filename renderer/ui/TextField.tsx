import type { ReactNode } from 'react';
import { TEXT_LIMITS, type TextLimitName } from '../../db/domain/limits';
import { Field } from './Field';

interface TextFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** Which of the domain's text limits applies: the input takes no more, as the host accepts no more. */
  readonly limit: TextLimitName;
  /** A textarea (a description, a reason) instead of one line. */
  readonly multiline?: boolean;
  readonly rows?: number;
  readonly placeholder?: string;
  readonly isRequired?: boolean;
  readonly error?: string | null | undefined;
  readonly hint?: ReactNode;
  readonly isSmall?: boolean;
}

/** A labelled text input or textarea whose length limit is the domain's (TEXT_LIMITS). */
export function TextField({ id, label, value, onChange, limit, multiline, rows, placeholder, isRequired, error, hint, isSmall }: TextFieldProps) {
  const common = { id, value, maxLength: TEXT_LIMITS[limit], placeholder, onChange: (e: { target: { value: string } }) => onChange(e.target.value) };
  return (
    <Field label={label} htmlFor={id} isRequired={isRequired} error={error} hint={hint}>
      {multiline ? (
        <textarea className="gd-textarea" rows={rows} {...common} />
      ) : (
        <input className={isSmall ? 'gd-input gd-input--small' : 'gd-input'} {...common} />
      )}
    </Field>
  );
}
