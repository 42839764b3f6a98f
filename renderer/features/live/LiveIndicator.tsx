import type { LiveStatus } from '../../api/liveFeed';
import { useNow } from '../../ui/useNow';
import './live.css';

/**
 * The status bar's word on the host: which host this desk works on and whether changes from other desks
 * arrive live. When the host cannot be reached it says so and that it keeps retrying; the page stays as
 * it is (nothing typed is lost) and the next answer brings it up to date.
 */
export function LiveIndicator({ status }: { status: LiveStatus }) {
  const now = useNow(status.state === 'offline' ? 1_000 : 60_000);
  // The desktop window names no address: it works on the database this PC holds (and hosts when 多席位 is on).
  const where = status.isDesk ? `主机 ${status.host}` : status.host ? `本机 ${status.host}` : '本机';
  const seconds = status.since ? Math.max(0, Math.round((now - status.since) / 1000)) : 0;
  const text =
    status.state === 'live'
      ? '实时同步'
      : status.state === 'offline'
        ? `无法连接主机，正在重试（已断开 ${seconds} 秒）`
        : status.state === 'signed-out'
          ? '未同步：请重新登录'
          : '正在连接…';
  const title =
    status.state === 'live' && status.lastChange
      ? `其他席位的最新变更：${status.lastChange.by ?? '主机'}（${new Date(status.lastChange.at).toLocaleTimeString('zh-CN', { hour12: false })}）`
      : status.state === 'offline'
        ? '页面内容和已填写的内容都保留；连接恢复后自动刷新'
        : status.state === 'live'
          ? '其他席位的变更会即时显示，无需刷新'
          : undefined;
  return (
    <span className={`gd-live gd-live--${status.state}`} role="status" aria-label="主机连接" title={title}>
      <span className="gd-live__dot" aria-hidden="true" />
      <span className="gd-live__host">{where}</span>
      <span className="gd-live__sep" aria-hidden="true">·</span>
      <span className="gd-live__state">{text}</span>
    </span>
  );
}
