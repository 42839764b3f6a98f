import { useCallback, useMemo } from 'react';
import type { CategoryFigures } from '../../../electron/contract';
import { useCall } from '../../api/useCall';
import { formatDate } from '../../domain/time';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { useNow } from '../../ui/useNow';
import { AreaPicker } from './AreaPicker';
import { CampaignsPanel } from './CampaignsPanel';
import { CategoryPanel } from './CategoryPanel';
import { CleanupPanel } from './CleanupPanel';
import { HotlineExportPanel } from '../hotline/HotlineExportPanel';
import { HeadlineCards } from './HeadlineCards';
import { OverduePanel } from './OverduePanel';
import { PersonPanel } from './PersonPanel';
import { RuleBar } from './RuleBar';
import { TrendPanel } from './TrendPanel';
import { UnitPanel } from './UnitPanel';
import { WeekPicker } from './WeekPicker';
import { isoWeekOf, shiftWeek } from '../../../db/domain/time';
import { weekDates, weekSpan, weekTitle } from './isoWeek';
import { REPORT_PATH, STATS_PATH, pageHash, readPageQuery, weekAreaQuery, type PageQuery } from './pageQuery';
import { useAreas } from './useAreas';
import { useStatsData } from './useStatsData';
import './stats.css';

interface StatsPageProps {
  readonly query: URLSearchParams;
  readonly onNavigate: (hash: string) => void;
}

/** 统计: the week's indicators for an area, week over week, with trend, rankings, people and campaigns. */
export function StatsPage({ query, onNavigate }: StatsPageProps) {
  const now = useNow(60_000);
  const latest = isoWeekOf(now);
  const state = readPageQuery(query);
  const week = state.week && state.week <= latest ? state.week : latest;
  const area = state.area;

  const areas = useAreas();
  const categories = useCall('categories:list', {});
  const campaigns = useCall('campaigns:list', {});
  const { report, trend, rules, reload } = useStatsData(week, area);

  const go = useCallback((next: Partial<PageQuery>) => onNavigate(pageHash(STATS_PATH, { week, area, ...next }, latest)), [onNavigate, week, area, latest]);
  const setWeek = useCallback((w: string) => go({ week: w }), [go]);

  const categoryIds = useMemo(() => new Map((categories.data ?? []).filter((c) => c.level === 2).map((c) => [`${c.kind}-${c.code}`, c.id])), [categories.data]);
  const categoryIdOf = useCallback((c: CategoryFigures) => categoryIds.get(`${c.kind}-${c.code}`), [categoryIds]);

  const data = report.data;
  const areaName = data?.area.name ?? (area ? areas.byCode.get(area)?.name : areas.district?.name) ?? '';
  const isCurrent = data !== undefined && data.period.start.slice(0, 10) === weekDates(week).monday && (area === null ? data.area.level === 1 : data.area.code === area);
  const previousWeek = shiftWeek(week, -1);

  return (
    <div className="gd-stats">
      <header className="gd-pagehead gd-stats__head">
        <h1>统计</h1>
        <span className="gd-pagehead__meta gd-stats__period" aria-live="polite">
          {areaName && <span className="gd-stats__area">{areaName}</span>}
          {week === latest && <span className="gd-tag gd-tag--info">本周进行中</span>}
        </span>
        <span className="gd-pagehead__spacer" />
        {(report.isLoading || trend.isLoading) && data && <Spinner label="正在统计…" />}
        <AreaPicker areas={areas} value={area} onChange={(code) => go({ area: code })} />
        <WeekPicker week={week} latest={latest} onChange={setWeek} />
        <button type="button" className="gd-iconbutton" aria-label="重新统计" title="重新统计" onClick={reload}>
          <Icon name="refresh" size={15} />
        </button>
        <button type="button" className="gd-button gd-button--accent" onClick={() => onNavigate(`${REPORT_PATH}?${weekAreaQuery(week, area)}`)}>
          <Icon name="cases" size={15} />
          周报
        </button>
      </header>
      <RuleBar rules={rules.data} error={rules.error} onRetry={rules.reload} />
      <div className="gd-stats__scroll">
        {areas.error && <ErrorNotice error={areas.error} action="读取网格" onRetry={areas.reload} />}
        {report.error && (
          <div className="gd-stats__notice">
            <ErrorNotice error={report.error} action="统计本周指标" onRetry={report.reload} />
            {area && report.error.kind === 'not-found' && (
              <button type="button" className="gd-button gd-button--small" onClick={() => go({ area: null })}>
                回到全区
              </button>
            )}
          </div>
        )}
        {!data ? (
          !report.error && (
            <div className="gd-stats-loading gd-stats-loading--page">
              <Spinner label="正在统计…" size="large" />
            </div>
          )
        ) : (
          <div className={`gd-stats__content${isCurrent ? '' : ' is-stale'}`} aria-busy={!isCurrent}>
            <div className="gd-stats__caption">
              <h2>本周指标</h2>
              <span>
                较上周（{weekTitle(previousWeek)}，{weekSpan(previousWeek)}）· 点击数字查看案件
              </span>
            </div>
            <HeadlineCards
              totals={data.totals}
              previous={data.previous?.totals ?? null}
              area={{ code: data.area.code, level: data.area.level }}
              week={week}
              onNavigate={onNavigate}
            />
            <div className="gd-stats__columns">
              <div className="gd-stats__main">
                <TrendPanel points={trend.data} error={trend.error} onRetry={trend.reload} week={week} onSelectWeek={setWeek} onNavigate={onNavigate} />
                {data.area.level < 3 && <UnitPanel report={data} week={week} onNavigate={onNavigate} onDrill={(code) => go({ area: code })} />}
                <CategoryPanel report={data} week={week} categoryIdOf={categoryIdOf} onNavigate={onNavigate} />
              </div>
              <div className="gd-stats__side">
                <CleanupPanel report={data} />
                <HotlineExportPanel figures={data.hotline} week={week} />
                <CampaignsPanel
                  campaigns={campaigns.data}
                  error={campaigns.error}
                  onRetry={campaigns.reload}
                  areas={areas}
                  categories={categories.data ?? []}
                  today={formatDate(now)}
                  area={area}
                />
                <OverduePanel report={data} week={week} onNavigate={onNavigate} />
                <PersonPanel persons={data.byPerson} week={week} onNavigate={onNavigate} />
              </div>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
