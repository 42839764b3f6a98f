import { useId, useState } from 'react';
import { type ApiError, toApiError } from '../../api/client';
import { useWrite } from '../../api/useCall';
import { BusyButton } from '../../ui/BusyButton';

interface PhoneRevealProps {
  readonly incidentId: number;
  /** The number as the host lists it, masked (138****5678); null when the order has none. */
  readonly masked: string | null;
  /** Whether this operator may see the full number (the contract's access for hotline:reveal-phone). */
  readonly canReveal: boolean;
}

/**
 * The caller's phone, masked; a supervisor may reveal it, and every reveal is written to the settings log
 * by the host, which the button says before it is pressed. Key the component by case: a revealed number
 * is never carried over to another order.
 */
export function PhoneReveal({ incidentId, masked, canReveal }: PhoneRevealProps) {
  const reveal = useWrite('hotline:reveal-phone');
  const noteId = useId();
  const [revealed, setRevealed] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);

  if (masked === null) return <span className="gd-muted">未留电话</span>;

  const show = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const answer = await reveal({ incidentId });
      setRevealed(answer.callerPhone ?? '');
    } catch (e) {
      setFailure(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="gd-phone">
      <span className="gd-mono gd-phone__number">{revealed ?? masked}</span>
      {canReveal && revealed === null && (
        <BusyButton className="gd-button gd-button--small gd-phone__reveal" isBusy={isBusy} aria-describedby={noteId} onClick={() => void show()}>
          查看号码
        </BusyButton>
      )}
      {canReveal && (
        <span id={noteId} className="gd-phone__note">
          {revealed === null ? '查看记录将写入操作日志' : '已查看，记录已写入操作日志'}
        </span>
      )}
      {failure && (
        <span className="gd-phone__error" role="alert">
          未能查看号码：{failure.message}
        </span>
      )}
    </span>
  );
}
