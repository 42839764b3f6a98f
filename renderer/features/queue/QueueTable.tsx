import type { MouseEvent } from 'react';
import { QUEUE_KIND_LABELS, type QueueItem } from '../../../electron/contract';
import { hrefFor } from '../../app/routes';
import { timeLeftAt } from './queueText';

interface QueueTableProps {
  /** In the order to show: the most urgent first. */
  readonly items: readonly QueueItem[];
  /** The time the items are measured against (the host's, moving on). */
  readonly now: number;
  readonly onOpen: (incidentId: number) => void;
}

/** The dense table of 我的待办: time left, case, list, category, place, address, person responsible, 督办. */
export function QueueTable({ items, now, onOpen }: QueueTableProps) {
  const open = (e: MouseEvent<HTMLTableRowElement>, incidentId: number) => {
    // The case number is a link of its own (keyboard, middle click); the rest of the row opens it too.
    if ((e.target as HTMLElement).closest('a')) return;
    onOpen(incidentId);
  };
  return (
    <table className="gd-queuetable" aria-label="待办列表">
      <thead>
        <tr>
          <th className="gd-queuetable__left">剩余 / 超时</th>
          <th>案件编号</th>
          <th>待办</th>
          <th>类别</th>
          <th>街道 / 网格</th>
          <th>地址 / 描述</th>
          <th>责任人</th>
          <th className="gd-queuetable__flag">督办</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const left = timeLeftAt(item, now);
          const text = [item.address, item.description].filter(Boolean).join(' — ');
          return (
            <tr
              key={`${item.kind}:${item.incidentId}`}
              className={`gd-queuetable__row is-${left.level}`}
              data-case-id={item.incidentId}
              onClick={(e) => open(e, item.incidentId)}
            >
              <td className="gd-queuetable__left">
                <span className={`gd-queuetable__time gd-queuetable__time--${left.level}`}>{left.text}</span>
              </td>
              <td className="gd-queuetable__no">
                <a href={hrefFor({ page: 'cases', gridCode: null, caseId: item.incidentId })}>{item.caseNo}</a>
                {item.orderNo && (
                  <span className="gd-queuetable__order" title={`12345 工单编号 ${item.orderNo}`}>
                    工单 {item.orderNo}
                  </span>
                )}
              </td>
              <td>
                <span className={`gd-tag gd-queuetable__kind gd-queuetable__kind--${item.kind}`}>{QUEUE_KIND_LABELS[item.kind]}</span>
              </td>
              <td className="gd-queuetable__text" title={item.categoryName}>
                {item.categoryName}
              </td>
              <td className="gd-queuetable__text">
                {item.streetName && <span className="gd-queuetable__sub">{item.streetName}</span>}
                {item.gridName ?? (item.streetName ? '' : <span className="gd-muted">不在网格内</span>)}
              </td>
              <td className="gd-queuetable__text gd-queuetable__desc" title={text}>
                {item.address && <span className="gd-queuetable__address">{item.address}</span>}
                <span className="gd-queuetable__sub">{item.description}</span>
              </td>
              <td className="gd-queuetable__text" title={!item.assigneeName && item.unitName ? `已派至${item.unitName}，签收后由签收人处置` : undefined}>
                {item.assigneeName ?? <span className={item.unitName ? 'gd-tag gd-tag--info' : 'gd-muted'}>{item.unitName ? '单位待签收' : '—'}</span>}
              </td>
              <td className="gd-queuetable__flag">{item.supervised && <span className="gd-tag gd-tag--urgent">督办</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
