import { OPEN_STATUSES, type Account, type IncidentDetail, type WorkflowAction } from '../../../electron/contract';
import type { ActionOffer } from '../../domain/permissions';
import { deadlineState, formatDateTime } from '../../domain/time';
import { Icon } from '../../ui/Icon';
import { useNow } from '../../ui/useNow';
import { StatusChip } from '../cases/StatusChip';
import { HotlineOrderBox } from '../hotline/HotlineOrderBox';
import { CaseActions } from './CaseActions';
import { CaseFacts } from './CaseFacts';
import { CaseLocation } from './CaseLocation';
import { CasePhotos } from './CasePhotos';
import { CaseTimeline } from './CaseTimeline';
import { ExtensionBox } from './ExtensionBox';

interface CaseDetailViewProps {
  readonly detail: IncidentDetail;
  readonly operator: Account | null;
  readonly offers: readonly ActionOffer[];
  readonly running: WorkflowAction | null;
  readonly isReloading: boolean;
  readonly onAction: (action: WorkflowAction) => void;
  readonly onClose: () => void;
  readonly onReload: () => void;
  readonly onOpenCase: (id: number) => void;
}

export function CaseDetailView({
  detail,
  operator,
  offers,
  running,
  isReloading,
  onAction,
  onClose,
  onReload,
  onOpenCase,
}: CaseDetailViewProps) {
  const now = useNow();
  const isOpen = OPEN_STATUSES.includes(detail.status);
  const deadline = deadlineState(detail.dueAt, isOpen, now);
  const hasShortcuts = offers.some((o) => o.check.isAllowed);
  const order = detail.hotline ?? null;

  return (
    <>
      <header className="gd-casepanel__head">
        <div className="gd-casepanel__title">
          <h2 className="gd-mono">{detail.caseNo}</h2>
          <StatusChip status={detail.status} isOverdue={deadline.tone === 'overdue'} />
          {detail.priority === 'urgent' && <span className="gd-tag gd-tag--urgent">紧急</span>}
          {detail.isFixedOnSpot && <span className="gd-tag gd-tag--info">现场自行处置</span>}
          {detail.reworkCount > 0 && <span className="gd-tag gd-tag--rework">返工 {detail.reworkCount} 次</span>}
          {detail.original && <span className="gd-tag">重复案件</span>}
        </div>
        <div className="gd-casepanel__tools">
          <button
            type="button"
            className="gd-iconbutton gd-iconbutton--plain"
            onClick={onReload}
            aria-label="刷新案件"
            title="刷新"
            disabled={isReloading}
          >
            <Icon name="refresh" size={14} />
          </button>
          <button type="button" className="gd-iconbutton gd-iconbutton--plain" onClick={onClose} aria-label="关闭详情" title="关闭（Esc）">
            <Icon name="close" size={14} />
          </button>
        </div>
        <div className="gd-casepanel__subtitle">
          {detail.bigClassName} / <strong>{detail.categoryName}</strong>
          <span className="gd-casepanel__dot">·</span>
          {detail.streetName ?? '—'} {detail.gridName ?? ''}
          <span className="gd-casepanel__dot">·</span>
          上报于 {formatDateTime(detail.reportedAt)}
        </div>
      </header>

      <div className="gd-casepanel__scroll">
        {deadline.tone !== 'none' && detail.dueAt !== null && (
          <div className={`gd-deadline gd-deadline--${deadline.tone}`} role={deadline.tone === 'overdue' ? 'alert' : 'status'}>
            <Icon name={deadline.tone === 'overdue' ? 'warning' : 'clock'} size={16} />
            <span className="gd-deadline__text">
              {deadline.tone === 'overdue' ? '已超期' : deadline.tone === 'soon' ? '即将到期' : '处置期限'}
              <strong>{deadline.text}</strong>
            </span>
            <span className="gd-deadline__due">期限 {formatDateTime(detail.dueAt)}</span>
          </div>
        )}
        {detail.status === 'closed' && detail.closedAt !== null && (
          <div className={`gd-deadline gd-deadline--${detail.dueAt !== null && detail.closedAt > detail.dueAt ? 'late' : 'done'}`}>
            <Icon name="check" size={16} />
            <span className="gd-deadline__text">
              已于 {formatDateTime(detail.closedAt)} 结案
              {detail.dueAt !== null && (detail.closedAt > detail.dueAt ? '（超期结案）' : '（按期结案）')}
            </span>
          </div>
        )}

        {detail.pendingExtension && (
          <ExtensionBox pending={detail.pendingExtension} dueAt={detail.dueAt} offers={offers} running={running} onAction={onAction} />
        )}

        <section className="gd-casepanel__section gd-casepanel__section--actions" aria-label="办理">
          <CaseActions
            offers={offers}
            running={running}
            onAction={onAction}
            isOrder={order !== null}
            {...(detail.status === 'returned_to_platform' ? { emptyText: '工单已退回 12345 平台，没有可执行的操作。' } : {})}
          />
          {hasShortcuts && <div className="gd-casepanel__keys">快捷键：数字键或 Alt+字母执行操作，Esc 关闭详情</div>}
          {!operator && <div className="gd-casepanel__keys">请先登录。</div>}
        </section>

        {order && <HotlineOrderBox detail={detail} order={order} operator={operator} />}

        <section className="gd-casepanel__section gd-casepanel__grid" aria-label="案件信息">
          <CaseFacts detail={detail} />
          <div className="gd-casepanel__map">
            <CaseLocation gridCode={detail.gridCode} lon={detail.lon} lat={detail.lat} />
          </div>
        </section>

        {(detail.original || detail.duplicates.length > 0) && (
          <section className="gd-casepanel__section" aria-label="重复案件">
            <h3>重复案件</h3>
            {detail.original && (
              <p className="gd-caselinks">
                本案为重复上报，原案件：
                <CaseLink item={detail.original} onOpen={onOpenCase} />
              </p>
            )}
            {detail.duplicates.length > 0 && (
              <p className="gd-caselinks">
                以下 {detail.duplicates.length} 件案件标记为本案的重复：
                {detail.duplicates.map((d) => (
                  <CaseLink key={d.id} item={d} onOpen={onOpenCase} />
                ))}
              </p>
            )}
          </section>
        )}

        <section className="gd-casepanel__section" aria-label="办理记录">
          <h3>
            办理记录 <span className="gd-muted">（{detail.events.length} 条）</span>
          </h3>
          <CaseTimeline events={detail.events} />
        </section>
        <section className="gd-casepanel__section" aria-label="照片">
          <h3>照片</h3>
          <CasePhotos key={detail.id} incidentId={detail.id} status={detail.status} operator={operator} />
        </section>

      </div>
    </>
  );
}

function CaseLink({ item, onOpen }: { item: IncidentDetail['duplicates'][number]; onOpen: (id: number) => void }) {
  return (
    <button type="button" className="gd-linkbutton gd-caselinks__item" onClick={() => onOpen(item.id)}>
      <span className="gd-mono">{item.caseNo}</span>
      <StatusChip status={item.status} />
    </button>
  );
}
