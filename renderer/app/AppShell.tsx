import { useCallback } from 'react';
import type { AppInfo } from '../../electron/contract';
import type { ApiError } from '../api/client';
import { CasesPage } from '../features/cases/CasesPage';
import { MapPage } from '../features/map/MapPage';
import { OperatorBadge } from '../features/operators/OperatorBadge';
import { OperatorChooser } from '../features/operators/OperatorChooser';
import { OperatorProvider } from '../features/operators/OperatorProvider';
import { useOperator } from '../features/operators/useOperator';
import { PersonsPage } from '../features/persons/PersonsPage';
import { ImportPage } from '../features/imports/ImportPage';
import { StatsPage } from '../features/stats/StatsPage';
import { WeeklyReportPage } from '../features/reports/WeeklyReportPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { WelcomeScreen } from '../features/welcome/WelcomeScreen';
import { ErrorNotice } from '../ui/ErrorNotice';
import { ToastProvider } from '../ui/ToastProvider';
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

export function AppShell(props: AppShellProps) {
  return (
    <ToastProvider>
      <OperatorProvider>
        <Shell {...props} />
      </OperatorProvider>
    </ToastProvider>
  );
}

function Shell({ info, infoError, onInfoChanged }: AppShellProps) {
  const hasGrids = info.counts.grids > 0;
  const [route, navigate] = useHashRoute();
  const { operator, operators, error: operatorError, isChooserOpen } = useOperator();
  const selectGrid = useCallback((code: string | null) => navigate({ page: 'map', gridCode: code }), [navigate]);
  // Someone must be at the desk before anything is changed; ask once the operators are known.
  const mustChoose = hasGrids && operator === null && (operators !== undefined || operatorError !== null);

  return (
    <div className="gd-app">
      <TopBar
        unitName={info.unitName}
        demo={info.demo}
        databasePath={info.databasePath}
        operator={hasGrids ? <OperatorBadge /> : null}
      />
      {infoError && (
        <div className="gd-app__banner">
          <ErrorNotice error={infoError} action="刷新程序信息" onRetry={onInfoChanged} />
        </div>
      )}
      {hasGrids ? (
        <div className="gd-body">
          <SideNav current={route.page} />
          <main className="gd-page">{renderPage()}</main>
        </div>
      ) : (
        <main className="gd-page gd-page--welcome">
          <WelcomeScreen onLoaded={onInfoChanged} />
        </main>
      )}
      <StatusBar info={info} />
      {(mustChoose || isChooserOpen) && <OperatorChooser />}
    </div>
  );

  function goTo(hash: string): void {
    window.location.hash = hash;
  }

  function renderPage() {
    switch (route.page) {
      case 'map':
        return <MapPage selectedCode={route.gridCode} onSelect={selectGrid} />;
      case 'cases':
        return <CasesPage route={route} navigate={navigate} />;
      case 'persons':
        return <PersonsPage />;
      case 'settings':
        return <SettingsPage />;
      case 'import':
        return <ImportPage />;
      case 'stats':
        return <StatsPage query={new URLSearchParams(route.query ?? '')} onNavigate={goTo} />;
      case 'reports':
        return <WeeklyReportPage query={new URLSearchParams(route.query ?? '')} onNavigate={goTo} />;
    }
  }
}
