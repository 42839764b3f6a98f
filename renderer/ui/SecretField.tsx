import type { ReactNode, Ref } from 'react';
import { Field } from './Field';

/** The longest password or PIN the host accepts. */
export const SECRET_MAX_LENGTH = 128;

interface SecretFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** 'current-password' to log in or unlock, 'new-password' for a new one. */
  readonly autoComplete: 'current-password' | 'new-password';
  readonly isRequired?: boolean;
  readonly error?: string | null | undefined;
  readonly hint?: ReactNode;
  readonly autoFocus?: boolean;
  readonly inputRef?: Ref<HTMLInputElement>;
}

/** A labelled password or PIN input. */
export function SecretField({ id, label, value, onChange, autoComplete, isRequired, error, hint, autoFocus, inputRef }: SecretFieldProps) {
  return (
    <Field label={label} htmlFor={id} isRequired={isRequired} error={error} hint={hint}>
      <input
        ref={inputRef}
        id={id}
        type="password"
        className="gd-input"
        maxLength={SECRET_MAX_LENGTH}
        autoComplete={autoComplete}
        spellCheck={false}
        autoFocus={autoFocus}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}
