import { useCallback, useMemo, useState } from 'react';
import { ASSESS_OBJECT_LABELS, INDICATOR_INFO, type AssessIndicatorId, type AssessObjectType, type IndicatorDirection } from '../../../electron/contract';
import { useCall } from '../../api/useCall';
import { mayCall } from '../../domain/permissions';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { useNow } from '../../ui/useNow';
import { useOperator } from '../session/useOperator';
import { Panel } from '../stats/Panel';
import { ASSESS_VIEWS, assessHash, readAssessQuery, type AssessQuery, type AssessView } from './assessQuery';
import { GradeMap } from './GradeMap';
import { GradeTally } from './GradeTally';
import { MonthCards } from './MonthCards';
import { MonthPicker } from './MonthPicker';
import { MonthlyReportPanel } from './MonthlyReportPanel';
import { ObjectDetail } from './ObjectDetail';
import { PublishBar } from './PublishBar';
import { RankingTable } from './RankingTable';
import { SchemeEditor } from './SchemeEditor';
import { SchemeView } from './SchemeView';
import { VersionsPanel } from './VersionsPanel';
import { monthOf, monthTitle, shiftMonth } from './month';
import './assess.css';

interface AssessPageProps {
  readonly query: URLSearchParams;
  readonly onNavigate: (hash: string) => void;
}

const VIEW_LABELS: Readonly<Record<AssessView, string>> = { ranking: '排名', map: '等级分布图', versions: '发布版本', scheme: '考核方案', report: '月报' };
const TYPE_ORDER: readonly AssessObjectType[] = ['street', 'grid', 'unit', 'person'];

/**
 * 考核: a month's assessment under a scheme — the draft or a published version ranked by object type with
 * grades, one object's score with the cases behind every point, the grade map, the published versions and
 * what moved between them, the scheme in full (administrators edit it and publish), and the monthly report.
 */
export function AssessPage({ query, onNavigate }: AssessPageProps) {
  const now = useNow(60_000);
  const { operator } = useOperator();
  const latest = monthOf(now);
  const q = readAssessQuery(query);
  const month = q.month && q.month <= latest ? q.month : shiftMonth(latest, -1);
  const schemes = useCall('assess:schemes', {});
  const scheme = schemes.data?.find((s) => s.id === q.scheme) ?? schemes.data?.[0];
  const schemeId = scheme?.id ?? null;
  const [isEditing, setEditing] = useState(false);

  const go = useCallback((next: Partial<AssessQuery>) => onNavigate(assessHash({ ...q, month, ...next })), [onNavigate, q, month]);
  const result = useCall('assess:result', { schemeId: schemeId ?? 0, month, version: q.version }, { enabled: schemeId !== null });
  const data = result.data && result.data.period === month && result.data.scheme.id === schemeId ? result.data : undefined;
  const types = useMemo(() => TYPE_ORDER.filter((t) => data?.definition.objects.includes(t)), [data]);
  const type = q.type && types.includes(q.type) ? q.type : (types.includes('grid') ? 'grid' : types[0]) ?? 'grid';
  const published = useCall('assess:published', { month, schemeId: schemeId ?? 0 }, { enabled: schemeId !== null });
  const versions = published.data ?? [];
  const canPublish = mayCall('assess:publish', operator);
  const canEdit = mayCall('assess:scheme-save', operator);
  const directionOf = useCallback(
    (id: AssessIndicatorId): IndicatorDirection => data?.definition.indicators.find((i) => i.id === id)?.direction ?? INDICATOR_INFO[id].direction,
    [data],
  );

  const grades = useMemo(() => {
    const counts = new Map<string, number>();
    for (const o of data?.objects ?? []) if (o.type === type && o.grade && !o.insufficient) counts.set(o.grade, (counts.get(o.grade) ?? 0) + 1);
    return counts;
  }, [data, type]);

  return (
    <div className="gd-assess">
      <header className="gd-pagehead gd-assess__head">
        <h1>考核</h1>
        <span className="gd-pagehead__meta gd-assess__meta">
          <span className="gd-assess__month">{monthTitle(month)}</span>
          {month === latest && <span className="gd-tag gd-tag--info">本月进行中</span>}
        </span>
        <span className="gd-pagehead__spacer" />
        {result.isLoading && data && <Spinner label="正在计算…" />}
        {schemes.data && schemes.data.length > 1 && (
          <select className="gd-select gd-select--small" aria-label="考核方案" value={schemeId ?? ''} onChange={(e) => go({ scheme: Number(e.target.value), version: null, object: null })}>
            {schemes.data.map((s) => (
              <option key={s.id} value={s.id}>
                {s.definition.name}（第 {s.version} 版）
              </option>
            ))}
          </select>
        )}
        <MonthPicker month={month} latest={latest} onChange={(m) => go({ month: m, version: null, object: null })} />
        <select
          className="gd-select gd-select--small"
          aria-label="结果版本"
          value={q.version ?? ''}
          onChange={(e) => go({ version: e.target.value ? Number(e.target.value) : null })}
        >
          <option value="">草稿（实时计算）</option>
          {versions.map((v) => (
            <option key={v.id} value={v.version}>
              第 {v.version} 版（已发布）
            </option>
          ))}
          {q.version !== null && !versions.some((v) => v.version === q.version) && <option value={q.version}>第 {q.version} 版</option>}
        </select>
        <button type="button" className="gd-iconbutton" aria-label="重新计算" title="重新计算" onClick={result.reload}>
          <Icon name="refresh" size={15} />
        </button>
      </header>
      <div className="gd-assess__bar">
        <div className="gd-segmented" role="group" aria-label="视图">
          {ASSESS_VIEWS.map((v) => (
            <button key={v} type="button" className="gd-segmented__item" aria-pressed={q.view === v} onClick={() => go({ view: v })}>
              {VIEW_LABELS[v]}
            </button>
          ))}
        </div>
        <span className="gd-pagehead__spacer" />
        {schemeId !== null && (
          <PublishBar
            schemeId={schemeId}
            month={month}
            result={data}
            canPublish={canPublish}
            onPublished={(outcome) => {
              if (outcome.result.version !== null) go({ version: outcome.result.version });
            }}
          />
        )}
      </div>
      <div className="gd-assess__scroll">
        {schemes.error && <ErrorNotice error={schemes.error} action="读取考核方案" onRetry={schemes.reload} />}
        {schemes.data && schemes.data.length === 0 && <p className="gd-stats-empty">还没有考核方案。</p>}
        {result.error && <ErrorNotice error={result.error} action="计算考核结果" onRetry={result.reload} />}
        {q.view === 'report' ? (
          <MonthlyReportPanel month={month} schemeId={schemeId} />
        ) : q.view === 'versions' ? (
          schemeId !== null && <VersionsPanel schemeId={schemeId} month={month} shown={q.version} onShow={(v) => go({ version: v, view: 'ranking' })} onNavigate={onNavigate} />
        ) : q.view === 'scheme' ? (
          scheme && (
            <Panel
              title="考核方案"
              note={`${scheme.definition.name} · 第 ${scheme.version} 版`}
              tools={
                canEdit && !isEditing ? (
                  <button type="button" className="gd-button gd-button--small" onClick={() => setEditing(true)}>
                    编辑方案
                  </button>
                ) : undefined
              }
            >
              {isEditing ? <SchemeEditor key={`${scheme.id}-${scheme.version}`} scheme={scheme} onDone={() => setEditing(false)} /> : <SchemeView definition={scheme.definition} />}
            </Panel>
          )
        ) : !data ? (
          !result.error &&
          schemeId !== null && (
            <div className="gd-stats-loading gd-stats-loading--page">
              <Spinner label="正在计算考核结果…" size="large" />
            </div>
          )
        ) : q.view === 'map' ? (
          <div className="gd-assess__columns">
            <Panel title="考核等级分布图" note={`${data.scheme.name} · ${data.status === 'published' ? `第 ${data.version} 版` : '草稿'} · 点击网格查看得分`}>
              <GradeMap objects={data.objects} bands={data.definition.grades} selected={q.object} onSelect={(t, code) => go({ type: t, object: code })} />
            </Panel>
            <div className="gd-assess__side">
              {q.object && schemeId !== null ? (
                <ObjectDetail schemeId={schemeId} month={month} version={q.version} type={type} code={q.object} directionOf={directionOf} onClose={() => go({ object: null })} onNavigate={onNavigate} />
              ) : (
                <Panel title="等级统计" note="点击地图上的网格查看其得分">
                  <GradeTally result={data} />
                </Panel>
              )}
            </div>
          </div>
        ) : (
          <>
          <MonthCards month={month} onNavigate={onNavigate} />
          <div className="gd-assess__columns">
            <Panel
              title={`${ASSESS_OBJECT_LABELS[type]}排名`}
              note={[...grades.entries()].map(([g, n]) => `${g} ${n}`).join(' · ')}
              tools={
                types.length > 1 && (
                  <div className="gd-segmented gd-stats-panel__views" role="group" aria-label="考核对象">
                    {types.map((t) => (
                      <button key={t} type="button" className="gd-segmented__item" aria-pressed={t === type} onClick={() => go({ type: t, object: null })}>
                        {ASSESS_OBJECT_LABELS[t]}
                      </button>
                    ))}
                  </div>
                )
              }
            >
              <RankingTable type={type} objects={data.objects.filter((o) => o.type === type)} selected={q.object} onSelect={(code) => go({ type, object: code })} />
            </Panel>
            <div className="gd-assess__side">
              {q.object && schemeId !== null ? (
                <ObjectDetail schemeId={schemeId} month={month} version={q.version} type={type} code={q.object} directionOf={directionOf} onClose={() => go({ object: null })} onNavigate={onNavigate} />
              ) : (
                <Panel title="等级分布" note="点击网格查看得分">
                  <GradeMap objects={data.objects} bands={data.definition.grades} selected={null} onSelect={(t, code) => go({ type: t, object: code })} height={360} />
                </Panel>
              )}
              {data.notes.length > 0 && (
                <Panel title="计分口径">
                  <ul className="gd-assess__notes">
                    {data.notes.map((n, k) => (
                      <li key={k}>{n}</li>
                    ))}
                  </ul>
                </Panel>
              )}
            </div>
          </div>
          </>
        )}
      </div>
    </div>
  );
}
