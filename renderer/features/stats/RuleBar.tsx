import { useState } from 'react';
import type { CountingRule, CountingRuleId } from '../../../electron/contract';
import { toApiError, type ApiError } from '../../api/client';
import { useWrite } from '../../api/useCall';
import { mayCall, rolesFor } from '../../domain/permissions';
import { useOperator } from '../session/useOperator';
import { BusyButton } from '../../ui/BusyButton';
import { Dialog } from '../../ui/Dialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useToast } from '../../ui/useToast';

interface RuleBarProps {
  readonly rules: { readonly current: CountingRuleId; readonly rules: readonly CountingRule[] } | undefined;
  readonly error: ApiError | null;
  readonly onRetry: () => void;
}

/**
 * 统计口径: the rule in force, what it counts, and a switch (confirmed: it changes every report). A switch
 * changes the settings every figure reads, so the cache counts them all again.
 */
export function RuleBar({ rules, error, onRetry }: RuleBarProps) {
  const setRule = useWrite('stats:set-rule');
  const toast = useToast();
  const [pending, setPending] = useState<CountingRule | null>(null);
  const [isSaving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const current = rules?.rules.find((r) => r.id === rules.current);
  const { operator } = useOperator();
  const canSwitch = mayCall('stats:set-rule', operator);

  const confirm = async () => {
    if (!pending) return;
    setSaving(true);
    setSaveError(null);
    try {
      await setRule({ rule: pending.id });
      toast.show({ tone: 'success', text: `统计口径已切换为“${pending.name}”`, detail: '统计和周报均已按新口径重新计算。' });
      setPending(null);
    } catch (e) {
      setSaveError(toApiError(e));
    } finally {
      setSaving(false);
    }
  };

  if (error && !rules) {
    return (
      <div className="gd-rulebar">
        <ErrorNotice error={error} action="读取统计口径" onRetry={onRetry} />
      </div>
    );
  }

  return (
    <div className="gd-rulebar">
      <label className="gd-rulebar__label" htmlFor="gd-rule-select">
        统计口径
      </label>
      <select
        id="gd-rule-select"
        className="gd-select gd-select--small gd-rulebar__select"
        value={rules?.current ?? ''}
        disabled={!rules || !canSwitch}
        title={canSwitch ? undefined : `切换统计口径需${rolesFor('stats:set-rule')}`}
        onChange={(e) => {
          const next = rules?.rules.find((r) => r.id === e.target.value);
          if (next && next.id !== rules?.current) {
            setSaveError(null);
            setPending(next);
          }
        }}
      >
        {!rules && <option value="">正在读取…</option>}
        {rules?.rules.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </select>
      <p className="gd-rulebar__description">{current?.description}</p>
      {pending && (
        <Dialog
          title="切换统计口径"
          size="small"
          onClose={isSaving ? undefined : () => setPending(null)}
          footer={
            <>
              <button type="button" className="gd-button" disabled={isSaving} onClick={() => setPending(null)}>
                取消
              </button>
              <BusyButton className="gd-button gd-button--accent" isBusy={isSaving} onClick={() => void confirm()}>
                确认切换
              </BusyButton>
            </>
          }
        >
          <p className="gd-rulebar__confirm">
            由“{current?.name}”切换为“<b>{pending.name}</b>”：
          </p>
          <p className="gd-rulebar__confirm-rule">{pending.description}</p>
          <p className="gd-muted">统计口径是全局设置：切换后，统计页面和打印的周报都按新口径计算，并在周报上注明。</p>
          {saveError && <ErrorNotice error={saveError} action="切换统计口径" />}
        </Dialog>
      )}
    </div>
  );
}
