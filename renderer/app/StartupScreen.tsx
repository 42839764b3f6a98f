import type { ApiError } from '../api/client';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Logo } from '../ui/Logo';
import { Spinner } from '../ui/Spinner';

interface StartupScreenProps {
  readonly error: ApiError | null;
  readonly onRetry: () => void;
  /** What is being waited for (default: the database). */
  readonly label?: string;
  /** What failed, for the error's heading (default: reading the app's information). */
  readonly action?: string;
}

export function StartupScreen({ error, onRetry, label = '正在打开数据库…', action = '读取程序信息' }: StartupScreenProps) {
  return (
    <div className="gd-startup">
      <div className="gd-startup__brand">
        <Logo size={34} />
        <span>GridDesk 网格案件管理</span>
      </div>
      {error ? (
        <ErrorNotice error={error} action={action} onRetry={onRetry} />
      ) : (
        <Spinner label={label} size="large" />
      )}
    </div>
  );
}
