import type { AppInfo } from '../../electron/contract';

const TRANSPORT_LABEL: Record<AppInfo['transport'], string> = {
  electron: '桌面模式',
  http: '浏览器模式（仅本机）',
  direct: '直连',
};

const formatCount = (n: number) => n.toLocaleString('zh-CN');

export function StatusBar({ info }: { info: AppInfo }) {
  const { counts } = info;
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
      <span>{TRANSPORT_LABEL[info.transport]}</span>
      <span className="gd-statusbar__sep">·</span>
      <span>数据结构 v{info.schemaVersion}</span>
      <span className="gd-statusbar__sep">·</span>
      <span>版本 {info.version}</span>
    </footer>
  );
}
