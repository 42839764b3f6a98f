import type { ReactNode } from 'react';
import type { AppInfo } from '../../electron/contract';
import { Icon } from '../ui/Icon';
import { Logo } from '../ui/Logo';

interface TopBarProps {
  readonly unitName: string | null;
  readonly demo: AppInfo['demo'];
  readonly databasePath: string;
  /** The logged-in operator, with lock, log out and change password (absent before login). */
  readonly operator?: ReactNode;
}

export function TopBar({ unitName, demo, databasePath, operator }: TopBarProps) {
  return (
    <header className="gd-topbar">
      <div className="gd-topbar__brand">
        <Logo />
        <span className="gd-topbar__product">GridDesk 网格案件管理</span>
      </div>
      {unitName && <span className="gd-topbar__unit">{unitName}</span>}
      {demo && (
        <span className="gd-badge gd-badge--demo" title={`演示数据：随机种子 ${demo.seed}，案件截至 ${demo.until}`}>
          演示数据
        </span>
      )}
      <span className="gd-topbar__spacer" />
      {operator}
      <span className="gd-topbar__db" title={databasePath}>
        <Icon name="database" size={14} />
        <span className="gd-topbar__db-label">数据库</span>
        <span className="gd-topbar__db-path">{databasePath}</span>
      </span>
    </header>
  );
}
