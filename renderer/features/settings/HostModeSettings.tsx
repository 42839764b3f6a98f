import { useState } from 'react';
import type { HostModeStatus } from '../../../electron/contract';
import { detectTransport, toApiError } from '../../api/client';
import { useCall, useWrite } from '../../api/useCall';
import { BusyButton } from '../../ui/BusyButton';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Field } from '../../ui/Field';
import { Spinner } from '../../ui/Spinner';
import { useToast } from '../../ui/useToast';
import './hostMode.css';

/**
 * 多席位: this GridDesk as the district's host. Shows whether it is hosting now, the addresses desks open,
 * the certificate's fingerprint they check, and the addresses allowed to connect; an administrator at the
 * host itself turns host mode on for the next start, sets its port and the allowed subnets (at once), or
 * names a certificate of the office's own.
 */
export function HostModeSettings() {
  const status = useCall('host:status', {});
  if (status.error) return <ErrorNotice error={status.error} action="读取多席位设置" onRetry={status.reload} />;
  if (!status.data) return <Spinner label="正在读取多席位设置…" />;
  return (
    <>
      <HostRunning status={status.data} />
      <HostForm key={JSON.stringify(status.data.settings)} status={status.data} />
    </>
  );
}

function HostRunning({ status }: { status: HostModeStatus }) {
  const running = status.running;
  const fingerprint = running?.fingerprint ?? status.storedFingerprint;
  return (
    <section className="gd-settings__card gd-hostmode" aria-label="主机状态">
      <div className="gd-settings__cardhead">
        <h2>多席位（主机模式）</h2>
        <span className={`gd-hostmode__badge${running ? ' is-on' : ''}`}>{running ? '正在作为主机运行' : '未作为主机运行'}</span>
      </div>
      <p className="gd-hostmode__explain">
        本机作为区指挥中心的主机时，其他电脑（席位）在浏览器中打开下列地址，或在 GridDesk 的「连接到主机」中填写地址和证书指纹，即可使用同一个数据库；
        每个席位都须以本人账号登录，各席位的操作在 2 秒内同步到其他席位。
      </p>
      <dl className="gd-hostmode__facts">
        <dt>席位打开的地址</dt>
        <dd>
          {running ? (
            running.urls.length ? (
              running.urls.map((u) => (
                <code key={u} className="gd-hostmode__mono">
                  {u}
                </code>
              ))
            ) : (
              <span>https://本机地址:{running.port}/</span>
            )
          ) : (
            <span className="gd-muted">以主机模式启动后显示（端口 {status.settings.port}）</span>
          )}
        </dd>
        <dt>证书指纹（SHA-256）</dt>
        <dd>
          {fingerprint ? (
            <code className="gd-hostmode__mono gd-hostmode__fingerprint" aria-label="证书指纹">
              {fingerprint}
            </code>
          ) : (
            <span className="gd-muted">首次以主机模式启动时生成</span>
          )}
          <span className="gd-hostmode__hint">席位第一次连接时，浏览器会提示证书不受信任：请逐组核对指纹与此处一致后再继续。指纹不同，说明连到的不是本机，切勿登录。</span>
        </dd>
        {running && (
          <>
            <dt>证书</dt>
            <dd>
              {running.certificateSource === 'generated' ? '本机生成' : '管理员提供'}，有效期至 {new Date(running.certificateValidTo).toLocaleDateString('zh-CN')}
              <span className="gd-hostmode__hint gd-hostmode__mono">{running.certificateFile}</span>
            </dd>
            <dt>当前允许连接</dt>
            <dd>{running.allowed.length ? running.allowed.join('、') : '仅本机'}</dd>
            <dt>实时连接的席位</dt>
            <dd>{running.liveClients} 个</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function HostForm({ status }: { status: HostModeStatus }) {
  const setHost = useWrite('host:set');
  const toast = useToast();
  const saved = status.settings;
  // At the host itself: its own window, or its own browser opened with the per-start token. A desk's page
  // carries no token, and the host refuses host:set from it.
  const canEdit = detectTransport() === 'electron' || (document.querySelector('meta[name="griddesk-token"]')?.getAttribute('content') ?? '') !== '';
  const [enabled, setEnabled] = useState(saved.enabled);
  const [port, setPort] = useState(String(saved.port));
  const [allow, setAllow] = useState((saved.allowList ?? []).join('\n'));
  const [certFile, setCertFile] = useState(saved.certFile ?? '');
  const [keyFile, setKeyFile] = useState(saved.keyFile ?? '');
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const portValue = Number(port);
  const portProblem = !Number.isInteger(portValue) || portValue < 1 || portValue > 65535 ? '请填写 1～65535 之间的端口号' : null;
  const lines = allow
    .split(/[\n,，;；]+/)
    .map((l) => l.trim())
    .filter(Boolean);

  const save = async () => {
    if (portProblem) return;
    setBusy(true);
    setError(null);
    try {
      const next = await setHost({
        enabled,
        port: portValue,
        allowList: lines.length ? lines : null,
        certFile: certFile.trim() || null,
        keyFile: keyFile.trim() || null,
      });
      toast.show({
        tone: 'success',
        text: '多席位设置已保存',
        detail: `${next.enabled ? `下次启动时以主机模式运行（端口 ${next.port}）` : '下次启动时不作为主机'}；允许的地址已立即生效`,
      });
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="gd-settings__card gd-hostmode" aria-label="主机设置">
      <div className="gd-settings__cardhead">
        <h2>主机设置</h2>
        {!canEdit && <span className="gd-muted">只读：只能在主机本机上修改</span>}
      </div>
      <form
        className="gd-hostmode__form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="gd-hostmode__row">
          <label className="gd-switch">
            <input type="checkbox" role="switch" checked={enabled} disabled={!canEdit} onChange={(e) => setEnabled(e.target.checked)} aria-label="以主机模式启动" />
            <span className="gd-switch__track" aria-hidden="true" />
            <span className="gd-switch__text">以主机模式启动{enabled ? '（已开启）' : '（已关闭）'}</span>
          </label>
          <span className="gd-hostmode__hint">开启后，GridDesk 每次启动都同时在本机所有网卡上提供 HTTPS 服务；也可用 npm start -- --host 0.0.0.0 --port 端口 临时启动。</span>
        </div>
        <Field label="端口" htmlFor="gd-host-port" error={portProblem} hint="端口和证书在下次启动时生效">
          <input id="gd-host-port" className="gd-input gd-hostmode__port" inputMode="numeric" value={port} disabled={!canEdit} onChange={(e) => setPort(e.target.value)} />
        </Field>
        <Field
          label="允许连接的地址"
          htmlFor="gd-host-allow"
          hint={
            <>
              每行一个 IPv4 地址或网段（如 10.12.3.0/24）。留空时只允许本机所在网段：
              {status.ownSubnets.length ? status.ownSubnets.join('、') : '（本机没有局域网地址，只允许本机）'}。保存后立即生效。
            </>
          }
        >
          <textarea
            id="gd-host-allow"
            className="gd-textarea gd-hostmode__mono"
            rows={4}
            value={allow}
            disabled={!canEdit}
            placeholder={status.ownSubnets.join('\n') || '192.168.1.0/24'}
            onChange={(e) => setAllow(e.target.value)}
          />
        </Field>
        <div className="gd-hostmode__pair">
          <Field label="证书文件（可选）" htmlFor="gd-host-cert" hint="单位自有证书的 PEM 文件完整路径；留空则使用本机生成的证书">
            <input id="gd-host-cert" className="gd-input gd-hostmode__mono" value={certFile} disabled={!canEdit} onChange={(e) => setCertFile(e.target.value)} />
          </Field>
          <Field label="私钥文件（可选）" htmlFor="gd-host-key">
            <input id="gd-host-key" className="gd-input gd-hostmode__mono" value={keyFile} disabled={!canEdit} onChange={(e) => setKeyFile(e.target.value)} />
          </Field>
        </div>
        {error && (
          <p className="gd-hostmode__error" role="alert">
            {error}
          </p>
        )}
        {canEdit && (
          <div className="gd-hostmode__foot">
            <BusyButton type="submit" className="gd-button gd-button--accent" isBusy={isBusy} disabled={portProblem !== null}>
              保存
            </BusyButton>
          </div>
        )}
      </form>
    </section>
  );
}
