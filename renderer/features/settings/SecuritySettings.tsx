import { useState } from 'react';
import type { SecuritySettings as Security } from '../../../electron/contract';
import { toApiError } from '../../api/client';
import { useCall, useWrite } from '../../api/useCall';
import { mayCall, rolesFor } from '../../domain/permissions';
import { BusyButton } from '../../ui/BusyButton';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Spinner } from '../../ui/Spinner';
import { useToast } from '../../ui/useToast';
import { useOperator } from '../session/useOperator';

const MAX_IDLE_MINUTES = 480;

/** 安全: separation of duties and the idle lock, changed by administrators. */
export function SecuritySettings() {
  const security = useCall('security:get', {});
  if (security.error) return <ErrorNotice error={security.error} action="读取安全设置" onRetry={security.reload} />;
  if (!security.data) return <Spinner label="正在读取安全设置…" />;
  return <SecurityForm key={JSON.stringify(security.data)} saved={security.data} />;
}

function SecurityForm({ saved }: { saved: Security }) {
  const setSecurity = useWrite('security:set');
  const toast = useToast();
  const { operator } = useOperator();
  const canEdit = mayCall('security:set', operator);
  const [separation, setSeparation] = useState(saved.separationOfDuties);
  const [minutes, setMinutes] = useState(String(saved.idleLockMinutes));
  const [isBusy, setBusy] = useState(false);
  const value = Number(minutes);
  const problem =
    minutes.trim() === '' || !Number.isInteger(value) || value < 0 || value > MAX_IDLE_MINUTES ? `请填写 0～${MAX_IDLE_MINUTES} 之间的整数分钟` : null;
  const isDirty = separation !== saved.separationOfDuties || (problem === null && value !== saved.idleLockMinutes) || (problem !== null && minutes !== String(saved.idleLockMinutes));

  const save = async () => {
    if (problem) return;
    setBusy(true);
    try {
      const next = await setSecurity({
        ...(separation !== saved.separationOfDuties ? { separationOfDuties: separation } : {}),
        ...(value !== saved.idleLockMinutes ? { idleLockMinutes: value } : {}),
      });
      toast.show({
        tone: 'success',
        text: '安全设置已保存',
        detail: `职责分离${next.separationOfDuties ? '已开启' : '已关闭'}；${next.idleLockMinutes > 0 ? `闲置 ${next.idleLockMinutes} 分钟后锁定` : '不自动锁定'}`,
      });
    } catch (e) {
      toast.show({ tone: 'error', text: '未能保存安全设置', detail: toApiError(e).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="gd-settings__card gd-security" aria-label="安全设置">
      <div className="gd-settings__cardhead">
        <h2>安全</h2>
        {!canEdit && <span className="gd-muted">只读：修改需{rolesFor('security:set')}</span>}
      </div>
      <form
        className="gd-security__form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="gd-security__row">
          <div className="gd-security__label">
            <label htmlFor="gd-security-separation">职责分离</label>
          </div>
          <div className="gd-security__control">
            <label className="gd-switch">
              <input
                id="gd-security-separation"
                type="checkbox"
                role="switch"
                checked={separation}
                disabled={!canEdit}
                onChange={(e) => setSeparation(e.target.checked)}
              />
              <span className="gd-switch__track" aria-hidden="true" />
              <span className="gd-switch__text">{separation ? '已开启' : '已关闭'}</span>
            </label>
            <p className="gd-security__explain">
              <span>开启后，上报过或处置过某件案件的操作员不能核查这件案件。</span>
              <span>核查须由另一位操作员完成，防止“自己办、自己验”。</span>
            </p>
          </div>
        </div>
        <div className="gd-security__row">
          <div className="gd-security__label">
            <label htmlFor="gd-security-idle">闲置锁定</label>
          </div>
          <div className="gd-security__control">
            <span className="gd-security__minutes">
              <input
                id="gd-security-idle"
                className={`gd-input gd-security__number${problem ? ' is-invalid' : ''}`}
                inputMode="numeric"
                value={minutes}
                disabled={!canEdit}
                aria-describedby="gd-security-idle-hint"
                onChange={(e) => setMinutes(e.target.value)}
              />
              <span>分钟</span>
            </span>
            <p id="gd-security-idle-hint" className={problem ? 'gd-security__explain gd-security__explain--error' : 'gd-security__explain'}>
              {problem ?? (
                <>
                  <span>鼠标和键盘闲置这么久后，工作台自动锁定，需输入本人密码继续，未保存的内容仍保留。</span>
                  <span>填 0 表示不自动锁定。</span>
                </>
              )}
            </p>
          </div>
        </div>
        {canEdit && (
          <div className="gd-security__foot">
            {isDirty && (
              <button
                type="button"
                className="gd-linkbutton"
                onClick={() => {
                  setSeparation(saved.separationOfDuties);
                  setMinutes(String(saved.idleLockMinutes));
                }}
              >
                撤销
              </button>
            )}
            <BusyButton type="submit" className="gd-button gd-button--accent" isBusy={isBusy} disabled={!isDirty || problem !== null}>
              保存
            </BusyButton>
          </div>
        )}
      </form>
    </section>
  );
}
