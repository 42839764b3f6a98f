export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const percent = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <div className="gd-progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
      <div className="gd-progress__track">
        <div className="gd-progress__fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="gd-progress__text">
        {label} {done}/{total}
      </span>
    </div>
  );
}
