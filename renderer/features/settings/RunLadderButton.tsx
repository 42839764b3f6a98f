import { useState } from 'react';
import { LADDER_LEVELS, LADDER_LEVEL_LABELS, type LadderRunResult } from '../../../electron/contract';
import { toApiError } from '../../api/client';
import { useWrite } from '../../api/useCall';
import { BusyButton } from '../../ui/BusyButton';
import { useToast } from '../../ui/useToast';

/** "预警 2 条，督办 1 条" — the rungs a run wrote, by level. */
function byLevel(fired: LadderRunResult['fired']): string {
  return LADDER_LEVELS.map((level) => [level, fired.filter((f) => f.level === level).length] as const)
    .filter(([, n]) => n > 0)
    .map(([level, n]) => `${LADDER_LEVEL_LABELS[level]} ${n} 条`)
    .join('，');
}

/** Runs the escalation clock now (it also runs every minute by itself) and says what it wrote. */
export function RunLadderButton() {
  const run = useWrite('supervision:run');
  const toast = useToast();
  const [isBusy, setBusy] = useState(false);
  const click = async () => {
    setBusy(true);
    try {
      const result = await run({});
      const n = result.fired.length;
      toast.show({
        tone: 'success',
        text: n > 0 ? `催办检查完成：写入 ${n} 条催办督办记录` : '催办检查完成：没有新到期的催办督办',
        detail: `检查了 ${result.checked} 件计时中的案件${n > 0 ? `；${byLevel(result.fired)}` : ''}`,
      });
    } catch (e) {
      toast.show({ tone: 'error', text: '催办检查未能完成', detail: toApiError(e).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <BusyButton className="gd-button gd-button--small" isBusy={isBusy} title="系统每分钟自动检查一次；这里立即检查并写入已到期的预警、催办、督办" onClick={() => void click()}>
      立即运行催办检查
    </BusyButton>
  );
}
