import { useState } from 'react';
import type { AssessResult, PublishOutcome } from '../../../electron/contract';
import { toApiError } from '../../api/client';
import { useWrite } from '../../api/useCall';
import { BusyButton } from '../../ui/BusyButton';
import { useToast } from '../../ui/useToast';
import { shanghaiDateTime } from '../../../db/domain/time';
import { shortHash } from './format';

interface PublishBarProps {
  readonly schemeId: number;
  readonly month: string;
  readonly result: AssessResult | undefined;
  readonly canPublish: boolean;
  readonly onPublished: (outcome: PublishOutcome) => void;
}

/**
 * Where the shown ranking stands (a draft, or a published version with its SHA-256), and for administrators
 * the publish button. The host's answer is shown as it says it: a new version with its hash, or that
 * nothing changed since the last one (no new version).
 */
export function PublishBar({ schemeId, month, result, canPublish, onPublished }: PublishBarProps) {
  const publish = useWrite('assess:publish');
  const toast = useToast();
  const [isBusy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<PublishOutcome | null>(null);
  const mine = outcome && outcome.result.period === month && outcome.result.scheme.id === schemeId ? outcome : null;

  const run = async () => {
    setBusy(true);
    try {
      const answer = await publish({ schemeId, month });
      setOutcome(answer);
      toast.show({
        tone: answer.status === 'published' ? 'success' : 'info',
        text: answer.status === 'published' ? `已发布第 ${answer.result.version} 版考核结果` : '没有新版本',
        detail: answer.message,
      });
      onPublished(answer);
    } catch (e) {
      toast.show({ tone: 'error', text: '发布考核结果失败', detail: toApiError(e).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="gd-assess-publish" aria-live="polite">
      {result &&
        (result.status === 'published' ? (
          <span className="gd-assess-publish__state">
            <span className="gd-tag gd-tag--info">已发布第 {result.version} 版</span>
            <span className="gd-muted">
              {result.publishedAt ? shanghaiDateTime(result.publishedAt) : ''} {result.publishedBy ?? ''}
            </span>
            <span className="gd-muted">SHA-256</span>
            <code className="gd-assess-hash" title={result.hash ?? ''}>
              {result.hash ? shortHash(result.hash) : ''}
            </code>
          </span>
        ) : (
          <span className="gd-assess-publish__state">
            <span className="gd-tag gd-tag--rework">草稿</span>
            <span className="gd-muted">实时计算，随案件办理变化；发布后冻结</span>
          </span>
        ))}
      {mine && (
        <span className={`gd-assess-publish__outcome${mine.status === 'unchanged' ? ' is-unchanged' : ''}`} role="status" title={mine.message}>
          {mine.status === 'published' ? (
            <>
              已发布第 {mine.result.version} 版{mine.diff ? `（较上一版变动 ${mine.diff.changes.length} 项，见“发布版本”）` : ''}；SHA-256{' '}
              <code className="gd-assess-hash">{mine.result.hash}</code>
            </>
          ) : (
            mine.message
          )}
        </span>
      )}
      {canPublish && (
        <BusyButton className="gd-button gd-button--primary" isBusy={isBusy} onClick={() => void run()} title="冻结本月排名、得分及其依据的案件，生成带 SHA-256 的新版本">
          发布本月考核结果
        </BusyButton>
      )}
    </div>
  );
}
