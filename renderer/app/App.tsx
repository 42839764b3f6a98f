import { useCall } from '../api/useCall';
import { AppShell } from './AppShell';
import { StartupScreen } from './StartupScreen';

/** The first call decides everything: no answer yet → startup screen; an answer → the shell. */
export function App() {
  const info = useCall('app:info', {});
  if (info.data === undefined) return <StartupScreen error={info.error} onRetry={info.reload} />;
  // Every write changes the counts (topic 'app'), so the cache refreshes app:info by itself.
  return <AppShell info={info.data} infoError={info.error} onRetryInfo={info.reload} />;
}
