import { useCallback } from 'react';
import type { AppInfo } from '../../electron/contract';
import type { ApiError } from '../api/client';
import { MapPage } from '../features/map/MapPage';
import { PlaceholderPage } from '../features/placeholder/PlaceholderPage';
import { WelcomeScreen } from '../features/welcome/WelcomeScreen';
import { ErrorNotice } from '../ui/ErrorNotice';
import { SideNav } from './SideNav';
import { StatusBar } from './StatusBar';
import { TopBar } from './TopBar';
import { useHashRoute } from './useHashRoute';

interface AppShellProps {
  readonly info: AppInfo;
  /** The latest refresh of app:info failed (the shell keeps showing the previous answer). */
  readonly infoError: ApiError | null;
  readonly onInfoChanged: () => void;
}

export function AppShell({ info, infoError, onInfoChanged }: AppShellProps) {
  const hasGrids = info.counts.grids > 0;
  const [route, navigate] = useHashRoute();
  const selectGrid = useCallback((code: string | null) => navigate({ page: 'map', gridCode: code }), [navigate]);

  return (
    <div className="gd-app">
      <TopBar unitName={info.unitName} demo={info.demo} databasePath={info.databasePath} />
      {infoError && (
        <div className="gd-app__banner">
          <ErrorNotice error={infoError} action="刷新程序信息" onRetry={onInfoChanged} />
        </div>
      )}
      {hasGrids ? (
        <div className="gd-body">
          <SideNav current={route.page} />
          <main className="gd-page">
            {route.page === 'map' ? (
              <MapPage selectedCode={route.gridCode} onSelect={selectGrid} />
            ) : (
              <PlaceholderPage page={route.page} info={info} />
            )}
          </main>
        </div>
      ) : (
        <main className="gd-page gd-page--welcome">
          <WelcomeScreen onLoaded={onInfoChanged} />
        </main>
      )}
      <StatusBar info={info} />
    </div>
  );
}
