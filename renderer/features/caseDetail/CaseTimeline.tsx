import { STATUS_LABELS, eventLabel, type AttachmentStage, type IncidentEvent } from '../../../electron/contract';
import { CALLBACK_RESULT_LABELS, MAX_CALLBACK_ATTEMPTS, isCallbackResult } from '../../../db/domain/hotline';
import { STAGE_LABELS } from '../../../db/domain/labels';
import { formatDateTime } from '../../domain/time';

/** The facts an event's data adds, in words: who it went to, which deadline, which photo. */
function eventDetails(e: IncidentEvent): string[] {
  const d = e.data ?? {};
  const text = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : null);
  const time = (k: string) => (typeof d[k] === 'number' ? formatDateTime(d[k] as number) : null);
  const out: string[] = [];
  switch (e.action) {
    case 'dispatch': {
      const who = text('assigneeName') ?? text('assignee');
      if (who) out.push(`派遣给 ${who}`);
      if (time('dueAt')) out.push(`处置期限 ${time('dueAt')}`);
      break;
    }
    case 'extend_request':
      if (time('requestedDueAt')) out.push(`申请延期至 ${time('requestedDueAt')}`);
      break;
    case 'extend_approve':
      if (time('dueAt')) out.push(`期限延至 ${time('dueAt')}`);
      if (time('previousDueAt')) out.push(`原期限 ${time('previousDueAt')}`);
      break;
    case 'reassign':
      if (text('fromName') && text('toName')) out.push(`${text('fromName')} → ${text('toName')}`);
      break;
    case 'add_photo': {
      const stage = text('stage') as AttachmentStage | null;
      if (stage && stage in STAGE_LABELS) out.push(`${STAGE_LABELS[stage]}照片`);
      break;
    }
    case 'mark_duplicate':
      if (text('duplicateOf')) out.push(`重复于 ${text('duplicateOf')}`);
      break;
    case 'verify_fail':
      out.push('计为返工');
      break;
    // 12345 orders.
    case 'acknowledge': {
      const clock = d.clock as { onTime?: unknown } | undefined;
      if (typeof clock?.onTime === 'boolean') out.push(clock.onTime ? '按时签收' : '超时签收');
      break;
    }
    case 'verify_pass':
      if (text('reply')) out.push(`答复：${text('reply')}`);
      if (time('callbackDueAt')) out.push(`回访期限 ${time('callbackDueAt')}`);
      break;
    case 'callback': {
      const result = d.result;
      const attempt = typeof d.attempt === 'number' ? d.attempt : null;
      if (isCallbackResult(result)) {
        out.push(result === 'unreachable' && attempt !== null ? `未接通（第 ${attempt}/${MAX_CALLBACK_ATTEMPTS} 次）` : `回访结果：${CALLBACK_RESULT_LABELS[result]}`);
      }
      break;
    }
    case 'callback_redo':
      if (typeof d.redo === 'number') out.push(`第 ${d.redo} 次重办`);
      if (time('dueAt')) out.push(`处置期限 ${time('dueAt')}`);
      break;
  }
  return out;
}

/** Every logged step of the case, oldest first: time, who, what, from → to, note. */
export function CaseTimeline({ events }: { events: readonly IncidentEvent[] }) {
  if (events.length === 0) return <p className="gd-muted">没有记录。</p>;
  return (
    <ol className="gd-timeline" aria-label="办理记录">
      {events.map((e) => {
        const moved = e.fromStatus !== null && e.toStatus !== null && e.fromStatus !== e.toStatus;
        const details = eventDetails(e);
        return (
          <li key={e.id} className={`gd-timeline__item gd-timeline__item--${e.toStatus ?? 'none'}${e.action === 'verify_fail' ? ' is-rework' : ''}`}>
            <span className="gd-timeline__dot" aria-hidden="true" />
            <div className="gd-timeline__head">
              <span className="gd-timeline__action">{eventLabel(e.action)}</span>
              {moved ? (
                <span className="gd-timeline__move">
                  {STATUS_LABELS[e.fromStatus!]} → {STATUS_LABELS[e.toStatus!]}
                </span>
              ) : (
                e.fromStatus === null &&
                e.toStatus !== null && <span className="gd-timeline__move">→ {STATUS_LABELS[e.toStatus]}</span>
              )}
              <time className="gd-timeline__time">{formatDateTime(e.at)}</time>
            </div>
            <div className="gd-timeline__meta">
              <span>{e.actorName}</span>
              {details.map((d) => (
                <span key={d}>{d}</span>
              ))}
            </div>
            {e.note && e.action !== 'add_photo' && <div className="gd-timeline__note">{e.note}</div>}
          </li>
        );
      })}
    </ol>
  );
}
