import { useMemo } from 'react';
import { QUEUE_KIND_LABELS, QUEUE_KINDS_BY_ROLE, type QueueKind } from '../../../electron/contract';
import { OPERATOR_ROLE_LABELS } from '../../../db/domain/labels';
import { hrefFor } from '../../app/routes';
import { formatDateTime } from '../../domain/time';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { useOperator } from '../session/useOperator';
import { NoticeToggle } from './NoticeToggle';
import { QueueLists } from './QueueLists';
import { QueueTable } from './QueueTable';
import { levelAt } from './queueText';
import { useMyQueue, useQueueClock } from './useMyQueue';
import './queue.css';

interface QueuePageProps {
  /** The page's query: `kind` shows one list. */
  readonly query: URLSearchParams;
  readonly onNavigate: (hash: string) => void;
}

/**
 * 我的待办: what the logged-in operator's role must do now — the lists with their counts, and the items
 * the most urgent first, counting down. A row opens the case. Asked again every 30 seconds and after
 * every write, so an item done here or elsewhere leaves the list by itself.
 */
export function QueuePage({ query, onNavigate }: QueuePageProps) {
  const { operator } = useOperator();
  const queue = useMyQueue();
  const data = queue.data;
  const now = useQueueClock(data);
  const role = operator?.role ?? data?.role ?? 'manager';
  const kinds = QUEUE_KINDS_BY_ROLE[role];
  const asked = query.get('kind');
  const kind = kinds.find((k) => k === asked) ?? null;

  const items = useMemo(() => (data?.items ?? []).filter((i) => kind === null || i.kind === kind), [data, kind]);
  const late = useMemo(() => {
    const byKind: Partial<Record<QueueKind, number>> = {};
    for (const item of data?.items ?? []) if (levelAt(item, now) === 'late') byKind[item.kind] = (byKind[item.kind] ?? 0) + 1;
    return byKind;
  }, [data, now]);
  const listed = data ? (kind === null ? data.counts.total : data.counts[kind]) : 0;
  const isUnlinked = role === 'handler' && (operator?.personId ?? data?.personId ?? null) === null;

  return (
    <div className="gd-queue">
      <div className="gd-pagehead gd-queuehead">
        <h1>我的待办</h1>
        {operator && (
          <span className="gd-queuehead__who">
            {operator.name}
            <span className="gd-tag gd-tag--info">{OPERATOR_ROLE_LABELS[operator.role]}</span>
          </span>
        )}
        {data && (
          <span className="gd-queuehead__chips" role="group" aria-label="待办概况">
            <span className="gd-queuechip">
              合计 <b>{data.counts.total}</b>
            </span>
            <span className={`gd-queuechip${data.counts.late > 0 ? ' gd-queuechip--late' : ''}`}>
              已超时 <b>{data.counts.late}</b>
            </span>
            <span className={`gd-queuechip${data.counts.warning > 0 ? ' gd-queuechip--warning' : ''}`}>
              临期 <b>{data.counts.warning}</b>
            </span>
          </span>
        )}
        <span className="gd-pagehead__spacer" />
        {data && <span className="gd-queuehead__updated">更新于 {formatDateTime(data.now).slice(11)} · 每 30 秒自动刷新</span>}
        <NoticeToggle />
        <button type="button" className="gd-iconbutton" aria-label="刷新待办" title="刷新待办" onClick={queue.reload}>
          <Icon name="refresh" size={15} />
        </button>
      </div>
      <div className="gd-queue__body">
        {data && kinds.length > 1 && <QueueLists kinds={kinds} counts={data.counts} late={late} selected={kind} />}
        <section className="gd-queue__main" aria-label={kind ? QUEUE_KIND_LABELS[kind] : '全部待办'}>
          {queue.error && (
            <div className="gd-queue__notice">
              <ErrorNotice error={queue.error} action="读取待办" onRetry={queue.reload} />
            </div>
          )}
          {!data ? (
            !queue.error && (
              <div className="gd-queue__notice">
                <Spinner label="正在读取待办…" />
              </div>
            )
          ) : kinds.length === 0 ? (
            <Empty title="您的角色没有待办清单" detail="统计和周报在左侧导航中。" />
          ) : isUnlinked ? (
            <Empty title="您的账号尚未关联处置人员" detail="请管理员在「设置 › 操作员」中关联后，派给您的案件会列在这里。" />
          ) : items.length === 0 ? (
            <Empty
              icon
              title={kind ? `「${QUEUE_KIND_LABELS[kind]}」暂无待办，做得好` : '暂无待办，做得好'}
              detail="新的待办会自动出现在这里。"
            />
          ) : (
            <div className="gd-queue__scroll">
              <QueueTable items={items} now={now} onOpen={(id) => onNavigate(hrefFor({ page: 'cases', gridCode: null, caseId: id }))} />
              {listed > items.length && (
                <p className="gd-queue__more">
                  列出最紧急的 {items.length} 件，共 {listed} 件；其余的请在「案件」中按状态筛选。
                </p>
              )}
            </div>
          )}
        </section>
      </div>
    </div>
  );
}

function Empty({ title, detail, icon = false }: { title: string; detail: string; icon?: boolean }) {
  return (
    <div className="gd-queue__empty" role="status">
      {icon && (
        <span className="gd-queue__empty-icon">
          <Icon name="check" size={26} />
        </span>
      )}
      <strong>{title}</strong>
      <span>{detail}</span>
    </div>
  );
}
