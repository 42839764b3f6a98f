/** The GridDesk mark: a three-level grid inside a rounded square. */
export function Logo({ size = 26 }: { size?: number }) {
  return (
    <svg className="gd-logo" width={size} height={size} viewBox="0 0 26 26" aria-hidden="true" focusable="false">
      <rect x="1" y="1" width="24" height="24" rx="5" fill="#ffffff" fillOpacity="0.14" stroke="#ffffff" strokeOpacity="0.55" />
      <path d="M5 5h16v16H5z" fill="none" stroke="#ffffff" strokeWidth="1.8" />
      <path d="M13 5v16M5 13h16" stroke="#ffffff" strokeWidth="1.2" />
      <path d="M9 5v8M5 9h8" stroke="#ffffff" strokeWidth="0.8" strokeOpacity="0.8" />
      <rect x="13.6" y="13.6" width="6.8" height="6.8" fill="#f5b942" />
    </svg>
  );
}
