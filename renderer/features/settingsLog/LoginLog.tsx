import { useState } from 'react';
import { useCall } from '../../api/useCall';
import { formatDateTime } from '../../domain/time';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Spinner } from '../../ui/Spinner';

/** What each login-log outcome means, and whether it is worth a second look. */
const OUTCOMES: Readonly<Record<string, { label: string; tone: 'ok' | 'warn' | 'info' }>> = {
  ok: { label: '登录成功', tone: 'ok' },
  'wrong-secret': { label: '密码错误', tone: 'warn' },
  'unknown-name': { label: '姓名不存在或未设密码', tone: 'warn' },
  locked: { label: '账号锁定中', tone: 'warn' },
  inactive: { label: '账号已停用', tone: 'warn' },
  'rate-limited': { label: '尝试过于频繁', tone: 'warn' },
  logout: { label: '退出登录', tone: 'info' },
  'idle-lock': { label: '闲置锁定', tone: 'info' },
  unlock: { label: '解锁', tone: 'info' },
};

const PAGE = 200;

/** 登录记录: the latest logins, failed attempts, locks and logouts, newest first (administrators). */
export function LoginLog() {
  const [limit, setLimit] = useState(PAGE);
  const log = useCall('settings:login-log', { limit });
  if (log.error) return <ErrorNotice error={log.error} action="读取登录记录" onRetry={log.reload} />;
  if (!log.data) return <Spinner label="正在读取登录记录…" />;
  const items = log.data;
  return (
    <section className="gd-settings__card gd-settingslog__card" aria-label="登录记录">
      <div className="gd-settings__cardhead">
        <h2>登录记录</h2>
        <span className="gd-muted">最近的登录、输错密码、锁定、解锁与退出，新的在前。</span>
      </div>
      {items.length === 0 ? (
        <p className="gd-empty">还没有登录记录。</p>
      ) : (
        <table className="gd-table gd-logtable gd-logintable" aria-label="登录记录列表">
          <thead>
            <tr>
              <th>时间</th>
              <th>姓名</th>
              <th>结果</th>
              <th>来源</th>
            </tr>
          </thead>
          <tbody>
            {items.map((entry) => {
              const outcome = OUTCOMES[entry.outcome] ?? { label: entry.outcome, tone: 'info' as const };
              return (
                <tr key={entry.id}>
                  <td className="gd-mono gd-logtable__time">{formatDateTime(entry.at)}</td>
                  <td>{entry.name || <span className="gd-muted">—</span>}</td>
                  <td>
                    <span className={`gd-outcome gd-outcome--${outcome.tone}`}>{outcome.label}</span>
                  </td>
                  <td className="gd-mono">{entry.address}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {items.length >= limit && limit < 1000 && (
        <div className="gd-settingslog__more">
          <button type="button" className="gd-button gd-button--small" onClick={() => setLimit((l) => Math.min(1000, l + PAGE))}>
            显示更多
          </button>
        </div>
      )}
    </section>
  );
}
