import type { ChangeEvent } from 'react';

interface FileChooserProps {
  readonly label: string;
  readonly accept: string;
  readonly hint: string;
  readonly disabled?: boolean;
  readonly onFile: (file: File) => void;
}

export function FileChooser({ label, accept, hint, disabled, onFile }: FileChooserProps) {
  const change = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) onFile(file);
    e.target.value = '';
  };
  return (
    <div className="gd-imp-file">
      <label className={disabled ? 'gd-button gd-button--primary gd-imp-file__button is-disabled' : 'gd-button gd-button--primary gd-imp-file__button'}>
        {label}
        <input type="file" accept={accept} onChange={change} disabled={disabled} aria-label={label} />
      </label>
      <span className="gd-muted">{hint}</span>
    </div>
  );
}
