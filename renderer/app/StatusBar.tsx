import type { ReactNode } from 'react';
import type { AppInfo } from '../../electron/contract';

const TRANSPORT_LABEL: Record<AppInfo['transport'], string> = {
  electron: '桌面模式',
  http: '浏览器模式（仅本机）',
  direct: '直连',
};

const formatCount = (n: number) => n.toLocaleString('zh-CN');

/** `live`: the connection to the host (browser mode: which host, and whether other desks' changes arrive). */
export function StatusBar({ info, live = null }: { info: AppInfo; live?: ReactNode }) {
  const { counts } = info;
  // A page served to a desk (host mode: it came without the per-start token), not to this PC's own browser.
  const isDesk = info.transport === 'http' && (document.querySelector('meta[name="griddesk-token"]')?.getAttribute('content') ?? '') === '';
  return (
    <footer className="gd-statusbar">
      <span className="gd-statusbar__counts" aria-label="数据概况">
        <span>网格 {formatCount(counts.grids)}</span>
        <span className="gd-statusbar__sep">·</span>
        <span>人员 {formatCount(counts.persons)}</span>
        <span className="gd-statusbar__sep">·</span>
        <span>案件 {formatCount(counts.incidents)}</span>
      </span>
      <span className="gd-statusbar__spacer" />
      {live}
      {live && <span className="gd-statusbar__sep">·</span>}
      <span>{isDesk ? '浏览器模式（席位）' : TRANSPORT_LABEL[info.transport]}</span>
      <span className="gd-statusbar__sep">·</span>
      <span>数据结构 v{info.schemaVersion}</span>
      <span className="gd-statusbar__sep">·</span>
      <span>版本 {info.version}</span>
    </footer>
  );
}
