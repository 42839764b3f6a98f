import { useEffect, useState } from 'react';
import type { DemoLoadResult } from '../../../electron/contract';
import { type ApiError, toApiError } from '../../api/client';
import { useApi } from '../../api/useApi';
import { useWrite } from '../../api/useCall';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { AdminSetupForm } from '../session/AdminSetupForm';
import './welcome.css';

// One sentence a line: Chinese wraps anywhere, so lines end where sentences do.
const DEMO_LINES = [
  '生成芙蓉区的 13 个街道、200 个社区网格、网格人员和最近 12 周的模拟案件，',
  '以及各角色的演示账号，用来熟悉地图、案件流转和统计。',
  '演示数据会在顶部标明“演示数据”。',
];
const SETUP_STEPS = [
  '在“导入”页导入本区的网格边界（GeoJSON 或 Shapefile）；',
  '在“人员”页录入网格人员和岗位；',
  '需要时在“导入”页导入以往的巡查日志和 12345 工单（CSV、XLSX 等）；',
  '在“设置”页为其他操作员建立账号。',
];

type LoadState =
  | { readonly step: 'idle' }
  | { readonly step: 'loading'; readonly startedAt: number }
  | { readonly step: 'done'; readonly result: DemoLoadResult }
  | { readonly step: 'failed'; readonly error: ApiError };

/**
 * First start on an empty database, before anyone exists: load the demo district (then log in with one
 * of its demo accounts), or create the first administrator for real use. Once either is done the
 * session status is refreshed with every other read and the next screen follows by itself.
 */
export function WelcomeScreen() {
  const api = useApi();
  const loadDemoDistrict = useWrite('demo:load');
  const logIn = useWrite('session:login');
  const [state, setState] = useState<LoadState>({ step: 'idle' });
  const [isSettingUp, setSettingUp] = useState(false);

  const loadDemo = async () => {
    setState({ step: 'loading', startedAt: Date.now() });
    try {
      const result = await loadDemoDistrict({});
      setState({ step: 'done', result });
      await enterDemo();
    } catch (e) {
      setState({ step: 'failed', error: toApiError(e) });
    }
  };

  // Whoever loaded the demo on this empty desk asked to see it: in as its supervisor, on the map. The demo's
  // accounts and password are printed on its login screen anyway; if this fails, that screen follows.
  const enterDemo = async () => {
    try {
      const status = await api['session:status']({});
      const account = status.demo?.accounts.find((a) => a.role === 'supervisor') ?? status.demo?.accounts[0];
      if (!status.demo || !account) return;
      window.location.hash = '#/map';
      await logIn({ name: account.name, secret: status.demo.password });
    } catch {
      // The login screen with the demo accounts follows by itself.
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
          <span>数据库是空的。</span>
          <span>GridDesk 以“区—街道—社区网格”三级网格为底图，案件按网格派遣到责任人。</span>
          <span>每位操作员用自己的账号登录。</span>
        </p>

        <div className="gd-welcome__option">
          <h2>先看看演示城区</h2>
          <p>
            {DEMO_LINES.map((line) => (
              <span key={line}>{line}</span>
            ))}
          </p>
          <button type="button" className="gd-button gd-button--primary" onClick={loadDemo} disabled={isBusy || isSettingUp}>
            载入演示城区（芙蓉区，214 个网格）
          </button>
          <div className="gd-welcome__status" aria-live="polite">
            {state.step === 'loading' && <LoadingProgress startedAt={state.startedAt} />}
            {state.step === 'done' && (
              <Spinner
                label={`已生成 ${state.result.grids} 个网格、${state.result.persons} 名人员、${state.result.incidents} 件案件，正在进入演示…`}
              />
            )}
            {state.step === 'failed' && <ErrorNotice error={state.error} action="载入演示城区" onRetry={loadDemo} />}
          </div>
        </div>

        <div className="gd-welcome__option gd-welcome__option--muted">
          <h2>正式使用：创建管理员</h2>
          <p>先创建本单位的管理员并登录，然后：</p>
          <ul className="gd-welcome__steps">
            {SETUP_STEPS.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ul>
          {isSettingUp ? (
            <div className="gd-welcome__setup">
              <AdminSetupForm idPrefix="gd-welcome-setup" />
              <button type="button" className="gd-linkbutton" onClick={() => setSettingUp(false)}>
                返回
              </button>
            </div>
          ) : (
            <button type="button" className="gd-button" onClick={() => setSettingUp(true)} disabled={isBusy}>
              <Icon name="shield" size={15} />
              创建管理员…
            </button>
          )}
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
    <Spinner label={`正在生成演示城区：网格、人员、案件和演示账号…（已用时 ${seconds} 秒，通常不到一分钟）`} />
  );
}
