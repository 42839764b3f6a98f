import { useState } from 'react';
import { LIMIT_UNITS, UNREACHABLE_LABEL, type HotlineSettings, type LimitUnit } from '../../../electron/contract';
import { LIMIT_UNIT_LABELS } from '../../../db/domain/labels';
import { toApiError, type ApiError } from '../../api/client';
import { useWrite } from '../../api/useCall';
import { BusyButton } from '../../ui/BusyButton';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Select } from '../../ui/SelectField';
import { useToast } from '../../ui/useToast';

const UNIT_OPTIONS = LIMIT_UNITS.map((u) => ({ value: u, label: LIMIT_UNIT_LABELS[u] }));

const limitText = (l: { value: number; unit: LimitUnit }) => `${l.value} ${LIMIT_UNIT_LABELS[l.unit]}`;

/**
 * 12345 工单: the 签收 limit (changed by the supervision centre; the host refuses zero, negative or absurd
 * values with its reason), and the callback rules GridDesk keeps fixed, shown for reference.
 */
export function AckLimitCard({ saved, canEdit }: { saved: HotlineSettings; canEdit: boolean }) {
  const setAckLimit = useWrite('hotline:set-ack-limit');
  const toast = useToast();
  const [value, setValue] = useState(String(saved.ackLimit.value));
  const [unit, setUnit] = useState<LimitUnit>(saved.ackLimit.unit);
  const [error, setError] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);
  const n = Number(value);
  const isNumber = value.trim() !== '' && Number.isFinite(n);
  const isDirty = value !== String(saved.ackLimit.value) || unit !== saved.ackLimit.unit;

  const save = async () => {
    if (!isNumber) return;
    setBusy(true);
    try {
      const next = await setAckLimit({ value: n, unit });
      toast.show({ tone: 'success', text: '签收时限已保存', detail: `12345 工单到达后 ${limitText(next)}内签收` });
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="gd-settings__card gd-ackcard" aria-label="12345 工单时限">
      <div className="gd-settings__cardhead">
        <h2>12345 工单时限</h2>
        <span className="gd-muted">按工作时间计算；修改签收时限只影响之后到达的工单。</span>
      </div>
      <form
        className="gd-ackcard__rows"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="gd-ackcard__row">
          <label className="gd-ackcard__label" htmlFor="gd-ack-value">
            签收时限
          </label>
          <span className="gd-ackcard__control">
            <input
              id="gd-ack-value"
              className={`gd-input gd-input--small gd-ackcard__number${isNumber ? '' : ' is-invalid'}`}
              inputMode="decimal"
              value={value}
              disabled={!canEdit}
              aria-invalid={isNumber ? undefined : true}
              onChange={(e) => {
                setValue(e.target.value);
                setError(null);
              }}
            />
            <Select
              label="签收时限单位"
              isSmall
              options={UNIT_OPTIONS}
              value={unit}
              isDisabled={!canEdit}
              onChange={(u) => {
                setUnit(u);
                setError(null);
              }}
            />
            <span className="gd-muted">工单到达后须在此时限内签收，超时进入催办督办。</span>
          </span>
          {canEdit && (
            <span className="gd-ackcard__actions">
              {isDirty && (
                <button
                  type="button"
                  className="gd-linkbutton"
                  onClick={() => {
                    setValue(String(saved.ackLimit.value));
                    setUnit(saved.ackLimit.unit);
                    setError(null);
                  }}
                >
                  撤销
                </button>
              )}
              <BusyButton type="submit" className="gd-button gd-button--small gd-button--accent" isBusy={isBusy} disabled={!isDirty || !isNumber}>
                保存
              </BusyButton>
            </span>
          )}
        </div>
        {error && <ErrorNotice error={error} action="保存签收时限" />}
        <div className="gd-ackcard__row">
          <span className="gd-ackcard__label">回访时限</span>
          <span className="gd-ackcard__control">
            <strong>{limitText(saved.callbackLimit)}</strong>
            <span className="gd-muted">办结后须在此时限内回访来电人（固定，不可修改）。</span>
          </span>
        </div>
        <div className="gd-ackcard__row">
          <span className="gd-ackcard__label">最多回访次数</span>
          <span className="gd-ackcard__control">
            <strong>{saved.maxCallbackAttempts} 次</strong>
            <span className="gd-muted">{`未接通累计达到此次数即记为“${UNREACHABLE_LABEL}”，不再回访（固定，不可修改）。`}</span>
          </span>
        </div>
      </form>
    </section>
  );
}
