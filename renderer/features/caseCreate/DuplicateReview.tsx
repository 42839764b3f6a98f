import type { DuplicateCandidate } from '../../../electron/contract';
import { formatDateTime } from '../../domain/time';
import { BusyButton } from '../../ui/BusyButton';
import { Icon } from '../../ui/Icon';
import { StatusChip } from '../cases/StatusChip';

interface DuplicateReviewProps {
  readonly candidates: readonly DuplicateCandidate[];
  readonly busyId: number | 'new' | null;
  readonly canLink: boolean;
  readonly onLink: (original: DuplicateCandidate) => void;
  readonly onCreateAnyway: () => void;
  readonly onBack: () => void;
}

/** Open cases of the same kind close by: link the new report to one of them, or record it anyway. */
export function DuplicateReview({ candidates, busyId, canLink, onLink, onCreateAnyway, onBack }: DuplicateReviewProps) {
  return (
    <section className="gd-dupreview" aria-label="疑似重复案件">
      <div className="gd-dupreview__head">
        <Icon name="warning" size={16} />
        附近已有 {candidates.length} 件同类在办案件，可能是同一问题：
      </div>
      <ul className="gd-dupreview__list">
        {candidates.map((c) => (
          <li key={c.id} className="gd-dupreview__item">
            <div className="gd-dupreview__meta">
              <span className="gd-dupreview__distance">约 {Math.round(c.distanceM)} 米</span>
              <span className="gd-mono">{c.caseNo}</span>
              <StatusChip status={c.status} />
              <span className="gd-muted">{formatDateTime(c.reportedAt)}</span>
            </div>
            <div className="gd-dupreview__text">{c.description}</div>
            <BusyButton
              className="gd-button gd-button--small"
              isBusy={busyId === c.id}
              disabled={busyId !== null || !canLink}
              title={canLink ? '登记本次上报并标记为该案件的重复，不计入立案数' : '需监督员或管理员标记重复'}
              onClick={() => onLink(c)}
            >
              <Icon name="link" size={13} />
              标记为重复
            </BusyButton>
          </li>
        ))}
      </ul>
      <div className="gd-dupreview__buttons">
        <button type="button" className="gd-button" onClick={onBack} disabled={busyId !== null}>
          返回修改
        </button>
        <BusyButton className="gd-button gd-button--accent" isBusy={busyId === 'new'} disabled={busyId !== null} onClick={onCreateAnyway}>
          仍然新建
        </BusyButton>
      </div>
    </section>
  );
}
