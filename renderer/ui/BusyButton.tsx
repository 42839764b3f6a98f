import type { ButtonHTMLAttributes, Ref } from 'react';

interface BusyButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  readonly isBusy: boolean;
  readonly ref?: Ref<HTMLButtonElement>;
}

/** A button that shows a spinner and refuses clicks while its action runs. */
export function BusyButton({ isBusy, disabled, children, className = 'gd-button', ...rest }: BusyButtonProps) {
  return (
    <button
      type="button"
      {...rest}
      className={isBusy ? `${className} is-busy` : className}
      disabled={disabled || isBusy}
      aria-busy={isBusy || undefined}
    >
      {isBusy && <span className="gd-spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}
