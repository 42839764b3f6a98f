import { useEffect, useState } from 'react';
import type { DemoLoadResult } from '../../../electron/contract';
import { type ApiError, toApiError } from '../../api/client';
import { useWrite } from '../../api/useCall';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import './welcome.css';

const DEMO_TEXT =
  '生成芙蓉区的 13 个街道、200 个社区网格、网格人员和最近 12 周的模拟案件，用来熟悉地图、案件流转和统计。' +
  '演示数据会在顶部标明“演示数据”。';
const IMPORT_TEXT =
  '各区使用自己的网格边界（15 位网格编码，GeoJSON 或 Shapefile）以及网格人员名单。导入功能即将在“导入”页提供。';

type LoadState =
  | { readonly step: 'idle' }
  | { readonly step: 'loading'; readonly startedAt: number }
  | { readonly step: 'done'; readonly result: DemoLoadResult }
  | { readonly step: 'failed'; readonly error: ApiError };

/**
 * First start on an empty database: offer the demo district, explain how real districts begin. Once the
 * demo is in, app:info is refreshed with every other read and the shell opens the map.
 */
export function WelcomeScreen() {
  const loadDemoDistrict = useWrite('demo:load');
  const [state, setState] = useState<LoadState>({ step: 'idle' });

  const loadDemo = async () => {
    setState({ step: 'loading', startedAt: Date.now() });
    try {
      const result = await loadDemoDistrict({});
      setState({ step: 'done', result });
    } catch (e) {
      setState({ step: 'failed', error: toApiError(e) });
    }
  };

  const isBusy = state.step === 'loading' || state.step === 'done';

  return (
    <section className="gd-welcome" aria-labelledby="gd-welcome-title">
      <div className="gd-welcome__card">
        <div className="gd-welcome__icon">
          <Icon name="grid" size={30} />
        </div>
        <h1 id="gd-welcome-title">欢迎使用 GridDesk</h1>
        <p className="gd-welcome__lead">
          数据库中还没有网格。GridDesk 以“区—街道—社区网格”三级网格为底图，案件按所在网格派遣到责任人。
        </p>

        <div className="gd-welcome__option">
          <h2>先看看演示城区</h2>
          <p>{DEMO_TEXT}</p>
          <button type="button" className="gd-button gd-button--primary" onClick={loadDemo} disabled={isBusy}>
            载入演示城区（芙蓉区，214 个网格）
          </button>
          <div className="gd-welcome__status" aria-live="polite">
            {state.step === 'loading' && <LoadingProgress startedAt={state.startedAt} />}
            {state.step === 'done' && (
              <Spinner
                label={`已生成 ${state.result.grids} 个网格、${state.result.persons} 名人员、${state.result.incidents} 件案件，正在打开地图…`}
              />
            )}
            {state.step === 'failed' && <ErrorNotice error={state.error} action="载入演示城区" onRetry={loadDemo} />}
          </div>
        </div>

        <div className="gd-welcome__option gd-welcome__option--muted">
          <h2>正式使用：导入本区的网格</h2>
          <p>{IMPORT_TEXT}</p>
        </div>
      </div>
    </section>
  );
}

function LoadingProgress({ startedAt }: { startedAt: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.floor((now - startedAt) / 1000));
  return (
    <Spinner label={`正在生成演示城区：网格、人员和案件…（已用时 ${seconds} 秒，通常不到一分钟）`} />
  );
}
