import { useCall } from '../api/useCall';
import { SessionGate } from '../features/session/SessionGate';
import { ToastProvider } from '../ui/ToastProvider';
import { AppShell } from './AppShell';
import { StartupScreen } from './StartupScreen';

/**
 * The first call decides where to start: no answer yet → startup screen; an answer → the session gate
 * (first start, login, or the shell for the logged-in operator).
 */
export function App() {
  const info = useCall('app:info', {});
  if (info.data === undefined) return <StartupScreen error={info.error} onRetry={info.reload} />;
  // Every write changes the counts (topic 'app'), so the cache refreshes app:info by itself.
  return (
    <ToastProvider>
      <SessionGate info={info.data}>
        <AppShell info={info.data} infoError={info.error} onRetryInfo={info.reload} />
      </SessionGate>
    </ToastProvider>
  );
}
