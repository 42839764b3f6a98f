import { useMemo, useState } from 'react';
import type { IncidentDetail } from '../../../electron/contract';
import { type ApiError, toApiError } from '../../api/client';
import { useCall, useSetCallData, useWrite } from '../../api/useCall';
import { BusyButton } from '../../ui/BusyButton';
import { Icon } from '../../ui/Icon';
import { Select } from '../../ui/SelectField';
import { useToast } from '../../ui/useToast';

interface OrderGridChooserProps {
  readonly detail: IncidentDetail;
  /** Whether this operator may choose the grid (hotline:set-grid). */
  readonly canChoose: boolean;
}

/**
 * An order that came without a grid: says so, and lets a supervisor choose the community grid (grouped
 * by street) before the order is registered and dispatched.
 */
export function OrderGridChooser({ detail, canChoose }: OrderGridChooserProps) {
  const grids = useCall('grids:list', {}, { enabled: canChoose });
  const setGrid = useWrite('hotline:set-grid');
  const setCallData = useSetCallData();
  const toast = useToast();
  const [code, setCode] = useState('');
  const [isBusy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);

  const groups = useMemo(() => {
    const list = grids.data ?? [];
    return list
      .filter((g) => g.level === 2)
      .map((street) => ({
        label: street.name,
        options: list.filter((g) => g.level === 3 && g.parentCode === street.code).map((g) => ({ value: g.code, label: `${g.name}（${g.code}）` })),
      }))
      .filter((group) => group.options.length > 0);
  }, [grids.data]);

  const choose = async () => {
    if (!code) {
      setFailure(null);
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const next = await setGrid({ incidentId: detail.id, expectedVersion: detail.version, gridCode: code });
      setCallData('incidents:get', { id: next.id }, next);
      toast.show({ tone: 'success', text: '已指定网格', detail: `工单 ${detail.hotline?.orderNo ?? detail.caseNo}：${next.gridName ?? code}` });
    } catch (e) {
      setFailure(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="gd-order__nogrid" role="group" aria-label="指定网格">
      <div className="gd-order__nogrid-text">
        <Icon name="warning" size={15} />
        <span>
          <strong>该工单尚未确定所属网格。</strong>
          {canChoose ? '请选择社区网格，之后才能立案、派遣。' : '需监督员指定网格后才能立案、派遣。'}
        </span>
      </div>
      {canChoose && (
        <div className="gd-order__gridpick">
          <Select
            label="所属网格"
            isSmall
            placeholder={grids.data ? '请选择社区网格…' : '正在读取网格…'}
            options={groups}
            value={code}
            isDisabled={isBusy}
            onChange={setCode}
          />
          <BusyButton className="gd-button gd-button--small gd-button--accent" isBusy={isBusy} disabled={!code} onClick={() => void choose()}>
            指定网格
          </BusyButton>
        </div>
      )}
      {grids.error && <div className="gd-order__problem" role="alert">未能读取网格：{grids.error.message}</div>}
      {failure && <div className="gd-order__problem" role="alert">未能指定网格：{failure.message}</div>}
    </div>
  );
}
