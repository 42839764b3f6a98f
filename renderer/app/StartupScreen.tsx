import type { ApiError } from '../api/client';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Logo } from '../ui/Logo';
import { Spinner } from '../ui/Spinner';

export function StartupScreen({ error, onRetry }: { error: ApiError | null; onRetry: () => void }) {
  return (
    <div className="gd-startup">
      <div className="gd-startup__brand">
        <Logo size={34} />
        <span>GridDesk 网格案件管理</span>
      </div>
      {error ? (
        <ErrorNotice error={error} action="读取程序信息" onRetry={onRetry} />
      ) : (
        <Spinner label="正在打开数据库…" size="large" />
      )}
    </div>
  );
}
