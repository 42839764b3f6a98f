import { useState } from 'react';
import type { DeskConnection } from '../../../electron/contract';
import { toApiError } from '../../api/client';
import { useCall, useWrite } from '../../api/useCall';
import { BusyButton } from '../../ui/BusyButton';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Field } from '../../ui/Field';
import { Spinner } from '../../ui/Spinner';
import { useToast } from '../../ui/useToast';
import './hostMode.css';

/**
 * 连接到主机 (GridDesk's own window only): point this PC's window at the district host — its address and the
 * certificate fingerprint read off the host's 设置 → 多席位. From the next start the window shows the host's
 * page and trusts no other certificate; this PC's own database stays as it is for when it disconnects.
 */
export function DeskConnectionSettings() {
  const current = useCall('desk:connection', {});
  if (current.error) return <ErrorNotice error={current.error} action="读取主机连接" onRetry={current.reload} />;
  if (current.data === undefined) return <Spinner label="正在读取主机连接…" />;
  return <DeskForm key={JSON.stringify(current.data)} saved={current.data} />;
}

function DeskForm({ saved }: { saved: DeskConnection | null }) {
  const connect = useWrite('desk:connect');
  const toast = useToast();
  const [url, setUrl] = useState(saved?.url ?? '');
  const [fingerprint, setFingerprint] = useState(saved?.fingerprint ?? '');
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (input: { url: string; fingerprint: string } | { disconnect: true }) => {
    setBusy(true);
    setError(null);
    try {
      const next = await connect(input);
      toast.show({
        tone: 'success',
        text: next ? '已保存主机连接' : '已断开主机',
        detail: next ? `重新启动 GridDesk 后，本窗口连接到 ${next.url}` : '重新启动 GridDesk 后，本窗口使用本机数据库',
      });
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="gd-settings__card gd-hostmode" aria-label="连接到主机">
      <div className="gd-settings__cardhead">
        <h2>连接到主机</h2>
        <span className={`gd-hostmode__badge${saved ? ' is-on' : ''}`}>{saved ? `已设置：${saved.url}` : '使用本机数据库'}</span>
      </div>
      <p className="gd-hostmode__explain">
        本机作为席位使用区指挥中心主机上的数据库时，填写主机地址和证书指纹（在主机的 设置 → 多席位 中查看）。重新启动后本窗口打开主机的页面，
        只信任指纹一致的证书：主机证书一旦不符，窗口拒绝连接并提示。
      </p>
      <form
        className="gd-hostmode__form"
        onSubmit={(e) => {
          e.preventDefault();
          void run({ url, fingerprint });
        }}
      >
        <Field label="主机地址" htmlFor="gd-desk-url" isRequired hint="例：https://10.12.3.4:5443/">
          <input id="gd-desk-url" className="gd-input gd-hostmode__mono" value={url} onChange={(e) => setUrl(e.target.value)} />
        </Field>
        <Field label="证书指纹（SHA-256）" htmlFor="gd-desk-fingerprint" isRequired hint="64 位十六进制，可带冒号或空格">
          <input id="gd-desk-fingerprint" className="gd-input gd-hostmode__mono" value={fingerprint} onChange={(e) => setFingerprint(e.target.value)} />
        </Field>
        {error && (
          <p className="gd-hostmode__error" role="alert">
            {error}
          </p>
        )}
        <div className="gd-hostmode__foot">
          {saved && (
            <button type="button" className="gd-linkbutton" disabled={isBusy} onClick={() => void run({ disconnect: true })}>
              断开主机，使用本机数据库
            </button>
          )}
          <BusyButton type="submit" className="gd-button gd-button--accent" isBusy={isBusy} disabled={url.trim() === '' || fingerprint.trim() === ''}>
            保存
          </BusyButton>
        </div>
      </form>
    </section>
  );
}
