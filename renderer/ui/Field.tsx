import type { ReactNode } from 'react';

interface FieldProps {
  readonly label: string;
  readonly children: ReactNode;
  /** Shown under the control in red; also marks the field. */
  readonly error?: string | null | undefined;
  readonly hint?: ReactNode;
  readonly isRequired?: boolean;
  /** The id of the control, so the label points at it. */
  readonly htmlFor?: string;
  readonly className?: string;
}

/** A labelled form row with an inline message. */
export function Field({ label, children, error, hint, isRequired, htmlFor, className }: FieldProps) {
  return (
    <div className={`gd-field${error ? ' has-error' : ''}${className ? ` ${className}` : ''}`}>
      <label className="gd-field__label" htmlFor={htmlFor}>
        {label}
        {isRequired && <span className="gd-field__required" aria-hidden="true">*</span>}
      </label>
      <div className="gd-field__control">{children}</div>
      {error ? (
        <div className="gd-field__error" role="alert">
          {error}
        </div>
      ) : (
        hint && <div className="gd-field__hint">{hint}</div>
      )}
    </div>
  );
}
