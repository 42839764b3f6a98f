export function Spinner({ label, size = 'normal' }: { label?: string; size?: 'normal' | 'large' }) {
  return (
    <span className={`gd-spinner-wrap gd-spinner-wrap--${size}`} role="status">
      <span className="gd-spinner" aria-hidden="true" />
      {label && <span className="gd-spinner__label">{label}</span>}
    </span>
  );
}
