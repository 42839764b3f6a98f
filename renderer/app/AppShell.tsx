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
import { useUrlState } from './urlState';

interface AppShellProps {
  readonly info: AppInfo;
  /** The latest refresh of app:info failed (the shell keeps showing the previous answer). */
  readonly infoError: ApiError | null;
  readonly onRetryInfo: () => void;
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

function Shell({ info, infoError, onRetryInfo }: AppShellProps) {
  const hasGrids = info.counts.grids > 0;
  const { route, goTo, setGrid } = useUrlState();
  const { operator, operators, error: operatorError, isChooserOpen } = useOperator();
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
          <ErrorNotice error={infoError} action="刷新程序信息" onRetry={onRetryInfo} />
        </div>
      )}
      {hasGrids ? (
        <div className="gd-body">
          <SideNav current={route.page} />
          <main className="gd-page">{renderPage()}</main>
        </div>
      ) : (
        <main className="gd-page gd-page--welcome">
          <WelcomeScreen />
        </main>
      )}
      <StatusBar info={info} />
      {(mustChoose || isChooserOpen) && <OperatorChooser />}
    </div>
  );

  function renderPage() {
    switch (route.page) {
      case 'map':
        return <MapPage selectedCode={route.gridCode} onSelect={setGrid} />;
      case 'cases':
        return <CasesPage />;
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
