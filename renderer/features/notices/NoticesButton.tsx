import { useState } from 'react';
import type { NoticeKind } from '../../../electron/contract';
import { mayCall } from '../../domain/permissions';
import { useOperator } from '../session/useOperator';
import { NoticesDialog } from './NoticesDialog';

interface NoticesButtonProps {
  /** The area the dialog starts with (a street or grid code); null or absent: the whole district. */
  readonly areaCode?: string | null;
  /** The kind the dialog starts with (default 催办通知书). */
  readonly kind?: NoticeKind;
  readonly isSmall?: boolean;
  readonly className?: string;
}

/**
 * "打印通知书": opens the dialog that prints the host's A4 notices in batch (催办通知书, 督办单, 派遣单) for
 * the district or an area. For any page to mount (统计's overdue panel, the queue).
 */
export function NoticesButton({ areaCode = null, kind, isSmall = false, className }: NoticesButtonProps) {
  const { operator } = useOperator();
  const [isOpen, setOpen] = useState(false);
  if (!mayCall('supervision:notices-html', operator)) return null;
  const classes = className ?? `gd-button${isSmall ? ' gd-button--small' : ''}`;
  return (
    <>
      <button type="button" className={classes} aria-haspopup="dialog" onClick={() => setOpen(true)}>
        打印通知书
      </button>
      {isOpen && <NoticesDialog initialArea={areaCode} onClose={() => setOpen(false)} {...(kind ? { initialKind: kind } : {})} />}
    </>
  );
}
