/** Inline SVG icons (no icon font, no external files). Stroke icons on a 20×20 grid. */
const PATHS = {
  map: 'M2.5 5.5 7.5 3l5 2.5 5-2.5v11.5l-5 2.5-5-2.5-5 2.5zM7.5 3v11.5M12.5 5.5V17',
  cases: 'M4 3.5h12v13H4zM7 7.5h6M7 10.5h6M7 13.5h4',
  import: 'M10 3v9M6.5 8.5 10 12l3.5-3.5M3.5 13v3.5h13V13',
  stats: 'M3.5 16.5h13M5.5 14V9.5M9 14V5.5M12.5 14v-6M16 14v-3',
  report: 'M5 2.5h7l3 3v12H5zM12 2.5v3h3M7.5 9h5M7.5 11.5h5M7.5 14h3',
  search: 'M8.5 3.5a5 5 0 1 1 0 10 5 5 0 0 1 0-10zM12.2 12.2 16.5 16.5',
  chevron: 'M7.5 5 12.5 10l-5 5',
  database: 'M4 5c0-1.4 2.7-2.5 6-2.5s6 1.1 6 2.5-2.7 2.5-6 2.5S4 6.4 4 5zM4 5v10c0 1.4 2.7 2.5 6 2.5s6-1.1 6-2.5V5M4 10c0 1.4 2.7 2.5 6 2.5s6-1.1 6-2.5',
  grid: 'M3.5 3.5h13v13h-13zM3.5 10h13M10 3.5v13',
  fit: 'M3.5 7.5v-4h4M12.5 3.5h4v4M16.5 12.5v4h-4M7.5 16.5h-4v-4',
  close: 'M5 5l10 10M15 5 5 15',
  persons: 'M7.5 9a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM2.5 16.5c0-2.8 2.2-4.5 5-4.5s5 1.7 5 4.5M13 3.4a3 3 0 0 1 0 5.2M15 12.3c1.5.6 2.5 2 2.5 4.2',
  settings:
    'M10 12.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM10 2.5v2M10 15.5v2M2.5 10h2M15.5 10h2M4.7 4.7l1.4 1.4M13.9 13.9l1.4 1.4M4.7 15.3l1.4-1.4M13.9 6.1l1.4-1.4',
  plus: 'M10 4v12M4 10h12',
  check: 'M4 10.5 8 14.5 16 5.5',
  warning: 'M10 3 18 16.5H2zM10 8v4M10 14.2v.3',
  clock: 'M10 2.5a7.5 7.5 0 1 0 0 15 7.5 7.5 0 0 0 0-15zM10 6v4.5l3 2',
  photo: 'M2.5 5.5h3l1.5-2h6l1.5 2h3v11h-15zM10 14a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
  refresh: 'M16 4.5v4h-4M4 15.5v-4h4M15.3 8.5A6 6 0 0 0 4.8 6.8M4.7 11.5a6 6 0 0 0 10.5 1.7',
  user: 'M10 10a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM3.5 17c0-3.2 2.9-5 6.5-5s6.5 1.8 6.5 5',
  link: 'M8.5 11.5a3.5 3.5 0 0 0 5 0l2.5-2.5a3.5 3.5 0 0 0-5-5L9.8 5.2M11.5 8.5a3.5 3.5 0 0 0-5 0L4 11a3.5 3.5 0 0 0 5 5l1.2-1.2',
  pin: 'M10 17.5s5.5-5.2 5.5-9.5a5.5 5.5 0 0 0-11 0c0 4.3 5.5 9.5 5.5 9.5zM10 10a2 2 0 1 0 0-4 2 2 0 0 0 0 4z',
  lock: 'M5 9h10v8.5H5zM7.5 9V6.5a2.5 2.5 0 0 1 5 0V9M10 12.5v2',
  logout: 'M8.5 3.5h-5v13h5M12.5 6.5 16 10l-3.5 3.5M16 10H7.5',
  key: 'M6.5 6.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7zM10 10h7M14 10v3M16.5 10v2.5',
  shield: 'M10 2.5 16 5v4.5c0 4-2.6 6.8-6 8-3.4-1.2-6-4-6-8V5zM7.5 10l2 2 3.5-4',
  history: 'M3.5 10a6.5 6.5 0 1 0 1.9-4.6M3.5 3.5v3h3M10 6.5V10l2.5 1.5',
  archive: 'M3 3.5h14V7H3zM4.5 7v9.5h11V7M8 10.5h4',
  inbox: 'M2.5 11.5 5 4h10l2.5 7.5v5h-15zM2.5 11.5h4.5l1 2h4l1-2h4.5',
  bell: 'M5 13.5V9a5 5 0 0 1 10 0v4.5l1.5 2h-13zM8.3 17.5a1.9 1.9 0 0 0 3.4 0',
  award: 'M10 2.5a4.75 4.75 0 1 1 0 9.5 4.75 4.75 0 0 1 0-9.5zM7.2 11.2 5.8 17.5 10 15.3l4.2 2.2-1.4-6.3M10 5.2l.8 1.6 1.7.2-1.2 1.2.3 1.7-1.6-.8-1.6.8.3-1.7L7.5 7l1.7-.2z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 20, className }: { name: IconName; size?: number; className?: string }) {
  return (
    <svg
      className={className ? `gd-icon ${className}` : 'gd-icon'}
      width={size}
      height={size}
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
