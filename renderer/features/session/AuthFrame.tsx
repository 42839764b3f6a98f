import type { ReactNode } from 'react';
import type { AppInfo } from '../../../electron/contract';
import { StatusBar } from '../../app/StatusBar';
import { TopBar } from '../../app/TopBar';
import './session.css';

/** The desk's frame before anyone is logged in: the same top bar and status bar, a card in the middle. */
export function AuthFrame({ info, children }: { info: AppInfo; children: ReactNode }) {
  return (
    <div className="gd-app">
      <TopBar unitName={info.unitName} demo={info.demo} databasePath={info.databasePath} />
      <main className="gd-page gd-auth">{children}</main>
      <StatusBar info={info} />
    </div>
  );
}
