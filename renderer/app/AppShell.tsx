import { useEffect, useMemo } from 'react';
import type { AppInfo } from '../../electron/contract';
import type { ApiError } from '../api/client';
import { CasesPage } from '../features/cases/CasesPage';
import { MapPage } from '../features/map/MapPage';
import { PersonsPage } from '../features/persons/PersonsPage';
import { ImportPage } from '../features/imports/ImportPage';
import { SessionMenu } from '../features/session/SessionMenu';
import { StatsPage } from '../features/stats/StatsPage';
import { PatrolPage } from '../features/patrol/PatrolPage';
import { WeeklyReportPage } from '../features/reports/WeeklyReportPage';
import { AssessPage } from '../features/assess/AssessPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { NoGridsNotice } from '../features/welcome/NoGridsNotice';
import { QueuePage } from '../features/queue/QueuePage';
import { useQueueWatch } from '../features/queue/useQueueWatch';
import { useOperator } from '../features/session/useOperator';
import { LiveIndicator } from '../features/live/LiveIndicator';
import { useLiveFeed } from '../features/live/useLiveFeed';
import { ErrorNotice } from '../ui/ErrorNotice';
import { SideNav } from './SideNav';
import { StatusBar } from './StatusBar';
import { TopBar } from './TopBar';
import { hasQueue, hrefFor, pagesFor, shellRoute } from './routes';
import { useUrlState } from './urlState';

interface AppShellProps {
  readonly info: AppInfo;
  /** The latest refresh of app:info failed (the shell keeps showing the previous answer). */
  readonly infoError: ApiError | null;
  readonly onRetryInfo: () => void;
}

/** The desk of the logged-in operator: top bar, navigation, the page of the address, status bar. */
export function AppShell({ info, infoError, onRetryInfo }: AppShellProps) {
  const hasGrids = info.counts.grids > 0;
  const { route: addressed, navigate, goTo, setGrid } = useUrlState();
  const { operator } = useOperator();
  const role = operator?.role ?? 'manager';
  // The address as useUrlState has just read it (it re-renders on every change). One that names no page of
  // this operator (empty, unknown, 我的待办 for a manager) shows their home page, and the address is set to
  // it, replacing the entry so that Back does not lead to the bare address again.
  const hash = window.location.hash;
  const route = useMemo(() => shellRoute(hash, role, hasGrids), [hash, role, hasGrids]);
  useEffect(() => {
    if (hrefFor(route) !== hrefFor(addressed)) navigate(route, { replace: true });
  }, [route, addressed, navigate]);
  const queueBadge = useQueueWatch(hasQueue(role));
  // Writes at other desks refresh this one (browser mode), and the status bar says whether they arrive.
  const live = useLiveFeed(operator?.id ?? null);

  return (
    <div className="gd-app">
      <TopBar unitName={info.unitName} demo={info.demo} databasePath={info.databasePath} operator={<SessionMenu />} />
      {infoError && (
        <div className="gd-app__banner">
          <ErrorNotice error={infoError} action="刷新程序信息" onRetry={onRetryInfo} />
        </div>
      )}
      <div className="gd-body">
        <SideNav current={route.page} pages={pagesFor(role)} badges={{ queue: queueBadge }} />
        <main className={`gd-page${!hasGrids && route.page === 'map' ? ' gd-page--welcome' : ''}`}>{renderPage()}</main>
      </div>
      <StatusBar info={info} live={live ? <LiveIndicator status={live} /> : null} />
    </div>
  );

  function renderPage() {
    switch (route.page) {
      case 'queue':
        return <QueuePage query={new URLSearchParams(route.query ?? '')} onNavigate={goTo} />;
      case 'map':
        return hasGrids ? <MapPage selectedCode={route.gridCode} onSelect={setGrid} /> : <NoGridsNotice />;
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
      case 'patrol':
        return <PatrolPage />;
      case 'assess':
        return <AssessPage query={new URLSearchParams(route.query ?? '')} onNavigate={goTo} />;
      case 'reports':
        return <WeeklyReportPage query={new URLSearchParams(route.query ?? '')} onNavigate={goTo} />;
    }
  }
}
