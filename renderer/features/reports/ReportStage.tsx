import type { ReactNode } from 'react';
import type { ApiError } from '../../api/client';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Spinner } from '../../ui/Spinner';
import { ReportPreview } from './ReportPreview';

/**
 * The paper of a printable report (周报, 月报): its preview once built (dimmed while a newer one is being
 * built), a spinner before that, and the host's refusal with a retry (plus `errorAction`, e.g. 回到全区).
 */
export function ReportStage({
  html,
  label,
  kind,
  isLoading,
  error,
  onRetry,
  errorAction = null,
}: {
  html: string | null;
  /** The preview's accessible name. */
  label: string;
  /** 周报 or 月报: named in the spinner and the error. */
  kind: string;
  isLoading: boolean;
  error: ApiError | null;
  onRetry: () => void;
  errorAction?: ReactNode;
}) {
  return (
    <div className="gd-reportpage__stage">
      {error && (
        <div className="gd-reportpage__notice">
          <ErrorNotice error={error} action={`生成${kind}`} onRetry={onRetry} />
          {errorAction}
        </div>
      )}
      {html !== null ? (
        <div className={`gd-reportpage__paper${isLoading ? ' is-stale' : ''}`}>
          <ReportPreview html={html} label={label} />
        </div>
      ) : (
        !error && (
          <div className="gd-reportpage__loading">
            <Spinner label={`正在生成${kind}…`} size="large" />
          </div>
        )
      )}
    </div>
  );
}
