import type { Account, HotlineOrderView, IncidentDetail } from '../../../electron/contract';
import { MAX_CALLBACK_ATTEMPTS } from '../../../electron/contract';
import { mayCall } from '../../domain/permissions';
import { deadlineState, formatDateTime } from '../../domain/time';
import { useNow } from '../../ui/useNow';
import { CALLBACK_LIMIT_TEXT } from './callbackLimit';
import { OrderGridChooser } from './OrderGridChooser';
import { PhoneReveal } from './PhoneReveal';
import './hotline.css';

interface HotlineOrderBoxProps {
  readonly detail: IncidentDetail;
  readonly order: HotlineOrderView;
  readonly operator: Account | null;
}

/** Where the grid of an order may still be chosen (the host refuses it once the order is dispatched). */
const GRID_SETTABLE: ReadonlySet<IncidentDetail['status']> = new Set(['received', 'reported', 'registered', 'returned']);

const time = (ms: number | null) => (ms === null ? '—' : formatDateTime(ms));

/** The 12345 work order behind a case: the caller (phone masked), the platform's limits, 签收, the reply, the callback, 退单. */
export function HotlineOrderBox({ detail, order, operator }: HotlineOrderBoxProps) {
  const now = useNow();
  const needsGrid = detail.gridCode === null && GRID_SETTABLE.has(detail.status);
  return (
    <section className="gd-casepanel__section gd-order" aria-label="12345 工单">
      <h3 className="gd-order__head">
        <span>12345 工单</span>
        {order.demandTypeLabel && <span className="gd-tag gd-tag--info">{order.demandTypeLabel}</span>}
        {order.reopenCount > 0 && <span className="gd-tag gd-tag--rework">不满意重办 {order.reopenCount} 次</span>}
        {order.callbackPending && <span className="gd-tag gd-order__pending">待回访</span>}
      </h3>
      {needsGrid && <OrderGridChooser detail={detail} canChoose={mayCall('hotline:set-grid', operator)} />}
      {order.pendingReturn && (
        <div className="gd-order__return" role="status">
          <strong>退单申请待审批</strong>
          <span className="gd-muted">
            {order.pendingReturn.requestedBy}，{formatDateTime(order.pendingReturn.requestedAt)}
          </span>
          {order.pendingReturn.reason && <div>理由：{order.pendingReturn.reason}</div>}
        </div>
      )}
      {order.returnedAt !== null && detail.status === 'returned_to_platform' && (
        <div className="gd-order__return gd-order__return--done" role="status">
          已于 {formatDateTime(order.returnedAt)} 退回 12345 平台
        </div>
      )}
      <dl className="gd-facts gd-order__facts">
        <div>
          <dt>工单编号</dt>
          <dd className="gd-mono gd-order__no">{order.orderNo}</dd>
        </div>
        <div>
          <dt>来电时间</dt>
          <dd>{time(order.calledAt)}</dd>
        </div>
        <div>
          <dt>来电人</dt>
          <dd>{order.callerName ?? <span className="gd-muted">未留姓名</span>}</dd>
        </div>
        <div>
          <dt>联系电话</dt>
          <dd>
            <PhoneReveal key={detail.id} incidentId={detail.id} masked={order.callerPhone} canReveal={mayCall('hotline:reveal-phone', operator)} />
          </dd>
        </div>
        <div>
          <dt>诉求类型</dt>
          <dd>{order.demandTypeLabel ?? '—'}</dd>
        </div>
        <div>
          <dt>平台办理时限</dt>
          <dd>{order.platformDueAt === null ? <span className="gd-muted">未给出（按类别处置时限）</span> : formatDateTime(order.platformDueAt)}</dd>
        </div>
        <div className="gd-facts__wide">
          <dt>签收时限 / 签收时间</dt>
          <dd>
            <AckLine order={order} isWaiting={detail.status === 'received'} now={now} />
          </dd>
        </div>
        <div className="gd-facts__wide">
          <dt>答复内容</dt>
          <dd className="gd-order__reply">
            {order.reply ? (
              <>
                {order.reply}
                <span className="gd-order__replied">{order.repliedAt !== null ? `（${formatDateTime(order.repliedAt)} 办结答复）` : '（处置人拟写，待核查结案）'}</span>
              </>
            ) : (
              <span className="gd-muted">尚未答复：核查结案时填写，回传 12345 平台</span>
            )}
          </dd>
        </div>
        <div className="gd-facts__wide">
          <dt>回访</dt>
          <dd>
            <CallbackLine order={order} isClosed={detail.status === 'closed'} now={now} />
          </dd>
        </div>
      </dl>
    </section>
  );
}

function AckLine({ order, isWaiting, now }: { order: HotlineOrderView; isWaiting: boolean; now: number }) {
  if (order.acknowledgedAt !== null) {
    const isLate = order.ackDueAt !== null && order.acknowledgedAt > order.ackDueAt;
    return (
      <span className="gd-order__line">
        已于 {formatDateTime(order.acknowledgedAt)} 签收
        {order.ackDueAt !== null && (
          <span className={isLate ? 'gd-tag gd-tag--rework' : 'gd-tag gd-order__ok'}>{isLate ? '超时签收' : '按时签收'}</span>
        )}
        {order.ackDueAt !== null && <span className="gd-muted">时限 {formatDateTime(order.ackDueAt)}</span>}
      </span>
    );
  }
  if (order.ackDueAt === null) return <span className="gd-muted">—</span>;
  const clock = deadlineState(order.ackDueAt, isWaiting, now);
  return (
    <span className="gd-order__line">
      签收时限 {formatDateTime(order.ackDueAt)}
      {clock.tone !== 'none' && <span className={`gd-order__clock gd-tone--${clock.tone}`}>{clock.text}</span>}
    </span>
  );
}

function CallbackLine({ order, isClosed, now }: { order: HotlineOrderView; isClosed: boolean; now: number }) {
  const attempts = (
    <span className="gd-order__attempts">
      未接通 {order.callbackAttempts}/{MAX_CALLBACK_ATTEMPTS} 次
    </span>
  );
  if (order.callbackResultLabel !== null) {
    return (
      <span className="gd-order__line">
        <strong className={order.callbackResult === 'dissatisfied' || order.callbackResult === 'unreachable' ? 'gd-tone--overdue' : 'gd-order__good'}>
          {order.callbackResultLabel}
        </strong>
        {order.callbackAt !== null && <span className="gd-muted">{formatDateTime(order.callbackAt)} 回访</span>}
        {order.callbackAttempts > 0 && attempts}
      </span>
    );
  }
  if (order.callbackPending && order.callbackDueAt !== null) {
    const clock = deadlineState(order.callbackDueAt, isClosed, now);
    return (
      <span className="gd-order__line">
        待回访，期限 {formatDateTime(order.callbackDueAt)}
        {clock.tone !== 'none' && <span className={`gd-order__clock gd-tone--${clock.tone}`}>{clock.text}</span>}
        {attempts}
      </span>
    );
  }
  return <span className="gd-muted">办结后 {CALLBACK_LIMIT_TEXT}内回访市民</span>;
}
