import { observeElementRect, useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, type MouseEvent } from 'react';
import { OPEN_STATUSES, type IncidentListItem } from '../../../electron/contract';
import { SOURCE_LABELS } from '../../../db/domain/labels';
import { formatDateTime } from '../../domain/time';
import { Spinner } from '../../ui/Spinner';
import { DeadlineText } from './DeadlineText';
import { StatusChip } from './StatusChip';

export const ROW_HEIGHT = 34;
const HEADER_HEIGHT = 32;
/** Start fetching the next page when this close to the last loaded row. */
const PREFETCH_ROWS = 30;
/** Before the first layout (and where there is none, as in tests) assume a screenful. */
const FALLBACK_HEIGHT = 640;

interface CaseTableProps {
  readonly items: readonly IncidentListItem[];
  readonly hasMore: boolean;
  readonly isLoading: boolean;
  readonly now: number;
  readonly selectedIds: ReadonlySet<number>;
  /** The row the keyboard is on. */
  readonly cursorIndex: number | null;
  /** The case open in the detail panel. */
  readonly openId: number | null;
  readonly onOpen: (index: number) => void;
  readonly onToggle: (index: number, withShift: boolean) => void;
  readonly onToggleAll: (isChecked: boolean) => void;
  readonly onNeedMore: () => void;
}

function observeWithFallback(instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: { width: number; height: number }) => void) {
  return observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : { width: rect.width, height: FALLBACK_HEIGHT }));
}

/** The dense, virtualised case table: only the rows on screen are in the DOM. */
export function CaseTable({
  items,
  hasMore,
  isLoading,
  now,
  selectedIds,
  cursorIndex,
  openId,
  onOpen,
  onToggle,
  onToggleAll,
  onNeedMore,
}: CaseTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    initialRect: { width: 1200, height: FALLBACK_HEIGHT },
    observeElementRect: observeWithFallback,
  });
  const rows = virtualizer.getVirtualItems();
  const lastShown = rows[rows.length - 1]?.index ?? -1;

  useEffect(() => {
    if (hasMore && !isLoading && items.length > 0 && lastShown >= items.length - PREFETCH_ROWS) onNeedMore();
  }, [hasMore, isLoading, items.length, lastShown, onNeedMore]);

  useEffect(() => {
    if (cursorIndex !== null) virtualizer.scrollToIndex(cursorIndex, { align: 'auto' });
  }, [cursorIndex, virtualizer]);

  const loadedSelected = items.reduce((n, i) => n + (selectedIds.has(i.id) ? 1 : 0), 0);
  const allChecked = items.length > 0 && loadedSelected === items.length;

  return (
    <div className="gd-casetable" role="table" aria-label="案件列表" aria-rowcount={items.length + 1}>
      <div ref={scrollRef} className="gd-casetable__scroll">
        <div className="gd-casetable__row gd-casetable__row--head" role="row">
          <span role="columnheader" className="gd-casetable__check">
            <input
              type="checkbox"
              aria-label="选择已加载的全部案件"
              checked={allChecked}
              ref={(el) => {
                if (el) el.indeterminate = loadedSelected > 0 && !allChecked;
              }}
              onChange={(e) => onToggleAll(e.target.checked)}
            />
          </span>
          <span role="columnheader">案件编号</span>
          <span role="columnheader">状态</span>
          <span role="columnheader">类别</span>
          <span role="columnheader">街道 / 网格</span>
          <span role="columnheader">责任人</span>
          <span role="columnheader">上报时间</span>
          <span role="columnheader">期限</span>
          <span role="columnheader">剩余 / 超期</span>
          <span role="columnheader">来源</span>
        </div>
        <div className="gd-casetable__rows" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((row) => {
            const item = items[row.index];
            if (!item) return null;
            return (
              <CaseRow
                key={item.id}
                item={item}
                index={row.index}
                top={row.start - HEADER_HEIGHT}
                now={now}
                isChecked={selectedIds.has(item.id)}
                isCursor={cursorIndex === row.index}
                isOpen={openId === item.id}
                onOpen={onOpen}
                onToggle={onToggle}
              />
            );
          })}
        </div>
        <div className="gd-casetable__end">
          {isLoading ? (
            <Spinner label={items.length ? '正在加载更多…' : '正在查询…'} />
          ) : items.length === 0 ? (
            '没有符合条件的案件。'
          ) : hasMore ? (
            '向下滚动加载更多'
          ) : (
            `已显示全部 ${items.length.toLocaleString('zh-CN')} 件`
          )}
        </div>
      </div>
    </div>
  );
}

interface CaseRowProps {
  readonly item: IncidentListItem;
  readonly index: number;
  readonly top: number;
  readonly now: number;
  readonly isChecked: boolean;
  readonly isCursor: boolean;
  readonly isOpen: boolean;
  readonly onOpen: (index: number) => void;
  readonly onToggle: (index: number, withShift: boolean) => void;
}

const CaseRow = memo(function CaseRow({ item, index, top, now, isChecked, isCursor, isOpen, onOpen, onToggle }: CaseRowProps) {
  const isOverdue = item.dueAt !== null && item.dueAt < now && OPEN_STATUSES.includes(item.status);
  const place = [item.streetName, item.gridName].filter(Boolean).join(' · ');
  const onCheckClick = (e: MouseEvent<HTMLInputElement>) => {
    e.stopPropagation();
    onToggle(index, e.shiftKey);
  };
  return (
    <div
      role="row"
      aria-selected={isChecked}
      aria-current={isOpen ? 'true' : undefined}
      data-case-id={item.id}
      className={`gd-casetable__row${isChecked ? ' is-checked' : ''}${isCursor ? ' is-cursor' : ''}${isOpen ? ' is-open' : ''}${isOverdue ? ' is-overdue' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onClick={(e) => {
        if (e.shiftKey || e.ctrlKey || e.metaKey) onToggle(index, e.shiftKey);
        else onOpen(index);
      }}
    >
      <span role="cell" className="gd-casetable__check">
        <input type="checkbox" aria-label={`选择案件 ${item.caseNo}`} checked={isChecked} onClick={onCheckClick} onChange={() => {}} />
      </span>
      <span role="cell" className="gd-casetable__no">
        <span className="gd-mono">{item.caseNo}</span>
        {item.priority === 'urgent' && <span className="gd-tag gd-tag--urgent">急</span>}
      </span>
      <span role="cell">
        <StatusChip status={item.status} isOverdue={isOverdue} />
      </span>
      <span role="cell" className="gd-casetable__text" title={`${item.bigClassName} / ${item.categoryName}\n${item.description}`}>
        <span className="gd-casetable__main">{item.categoryName}</span>
        <span className="gd-casetable__sub">{item.bigClassName}</span>
      </span>
      <span role="cell" className="gd-casetable__text" title={`${place}${item.address ? `\n${item.address}` : ''}`}>
        <span className="gd-casetable__sub">{item.streetName}</span>
        <span className="gd-casetable__main">{item.gridName ?? '—'}</span>
      </span>
      <span role="cell" className="gd-casetable__text">
        {item.assigneeName ?? <span className="gd-muted">未分配</span>}
      </span>
      <span role="cell" className="gd-casetable__time">
        {formatDateTime(item.reportedAt)}
      </span>
      <span role="cell" className="gd-casetable__time">
        {item.dueAt !== null ? formatDateTime(item.dueAt) : <span className="gd-muted">—</span>}
      </span>
      <span role="cell" className="gd-casetable__left">
        <DeadlineText item={item} now={now} />
      </span>
      <span role="cell" className="gd-casetable__text gd-casetable__source">
        {SOURCE_LABELS[item.source]}
      </span>
    </div>
  );
});
