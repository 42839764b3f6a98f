import type { ApiError } from '../api/client';
import { errorTitle } from '../api/errorText';

interface ErrorNoticeProps {
  readonly error: ApiError;
  /** What the user was doing, e.g. "读取网格树". */
  readonly action?: string;
  readonly onRetry?: () => void;
}

export function ErrorNotice({ error, action, onRetry }: ErrorNoticeProps) {
  return (
    <div className="gd-error" role="alert">
      <div className="gd-error__title">
        {action ? `${action}失败：` : ''}
        {errorTitle(error.kind)}
      </div>
      <div className="gd-error__message">{error.message}</div>
      {onRetry && (
        <button type="button" className="gd-button gd-button--small" onClick={onRetry}>
          重试
        </button>
      )}
    </div>
  );
}
