import { useMemo, useState } from 'react';
import type { CoverageReport, FlaggedPatrol, GridCoverageRow, UnwalkedAnswer } from '../../../electron/contract';
import { shanghaiDate, shanghaiDateTime } from '../../../db/domain/time';
import { useCall } from '../../api/useCall';
import { hrefFor } from '../../app/routes';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { useOperator } from '../session/useOperator';
import { mayCall } from '../../domain/permissions';
import { hours, km, percent, periodOf, PERIOD_KINDS, shiftPeriod, type PeriodKind } from './period';
import './patrol.css';

interface PatrolPageProps {
  /** Today (Asia/Shanghai), for the default period; default: the clock's. */
  readonly today?: string;
}

const UNWALKED_DAYS = [3, 7, 14, 30] as const;
type GridSort = 'coverage' | 'code' | 'length';

/**
 * 巡查覆盖: what the inspectors' GPS tracks covered in a day, a week or a month — per community grid and per
 * person — the grids nobody walked for N days, and the suspicious tracks (flagged, still counted). The
 * coverage definition is printed on the page as the host states it.
 */
export function PatrolPage({ today = shanghaiDate(Date.now()) }: PatrolPageProps) {
  const { operator } = useOperator();
  const [kind, setKind] = useState<PeriodKind>('week');
  const [date, setDate] = useState(today);
  const [days, setDays] = useState<number>(7);
  const [sort, setSort] = useState<GridSort>('coverage');
  const period = periodOf(kind, date);
  const allowed = mayCall('patrol:coverage', operator);
  const coverage = useCall('patrol:coverage', { from: period.from, to: period.to }, { enabled: allowed });
  const asOf = period.to < today ? period.to : today;
  const unwalked = useCall('patrol:unwalked', { days, asOf }, { enabled: allowed });

  if (!allowed) {
    return (
      <div className="gd-patrol">
        <header className="gd-pagehead">
          <h1>巡查覆盖</h1>
        </header>
        <p className="gd-patrol__empty">请先登录后查看巡查覆盖。</p>
      </div>
    );
  }
  const data = coverage.data;
  const isCurrent = data !== undefined && shanghaiDate(data.fromMs) === period.from;

  return (
    <div className="gd-patrol">
      <header className="gd-pagehead gd-patrol__head">
        <h1>巡查覆盖</h1>
        <span className="gd-pagehead__meta">{period.label}</span>
        <span className="gd-pagehead__spacer" />
        {coverage.isLoading && data && <Spinner label="正在统计…" />}
        <div className="gd-segmented" role="group" aria-label="统计周期">
          {PERIOD_KINDS.map((k) => (
            <button key={k.id} type="button" className="gd-segmented__item" aria-pressed={kind === k.id} onClick={() => setKind(k.id)}>
              {k.label}
            </button>
          ))}
        </div>
        <button type="button" className="gd-iconbutton" aria-label="上一期" title="上一期" onClick={() => setDate(shiftPeriod(kind, date, -1))}>
          <Icon name="chevron" size={15} className="gd-patrol__prev" />
        </button>
        <input
          type="date"
          className="gd-input gd-input--small gd-patrol__date"
          aria-label="日期"
          value={date}
          max={today}
          onChange={(e) => e.target.value && setDate(e.target.value)}
        />
        <button
          type="button"
          className="gd-iconbutton"
          aria-label="下一期"
          title="下一期"
          disabled={period.to >= today}
          onClick={() => setDate(shiftPeriod(kind, date, 1))}
        >
          <Icon name="chevron" size={15} />
        </button>
      </header>
      <div className="gd-patrol__scroll">
        {coverage.error && <ErrorNotice error={coverage.error} action="统计巡查覆盖" onRetry={coverage.reload} />}
        {!data ? (
          !coverage.error && (
            <div className="gd-patrol__loading">
              <Spinner label="正在统计…" size="large" />
            </div>
          )
        ) : (
          <div className={`gd-patrol__content${isCurrent ? '' : ' is-stale'}`} aria-busy={!isCurrent}>
            <p className="gd-patrol__definition" aria-label="覆盖率定义">
              <Icon name="grid" size={15} />
              <span>{data.definition}</span>
            </p>
            <Totals report={data} />
            <div className="gd-patrol__columns">
              <section className="gd-patrol__panel gd-patrol__panel--grids" aria-labelledby="gd-patrol-grids">
                <header className="gd-patrol__panelhead">
                  <h2 id="gd-patrol-grids">按网格</h2>
                  <span className="gd-muted">
                    走到 {data.totals.gridsWalked} / {data.totals.gridCount} 个网格
                  </span>
                  <span className="gd-pagehead__spacer" />
                  <label className="gd-patrol__sort">
                    排序
                    <select className="gd-select gd-select--small" value={sort} onChange={(e) => setSort(e.target.value as GridSort)}>
                      <option value="coverage">覆盖率从低到高</option>
                      <option value="length">里程从多到少</option>
                      <option value="code">网格编码</option>
                    </select>
                  </label>
                </header>
                <GridTable rows={data.grids} sort={sort} />
              </section>
              <div className="gd-patrol__side">
                <section className="gd-patrol__panel" aria-labelledby="gd-patrol-persons">
                  <header className="gd-patrol__panelhead">
                    <h2 id="gd-patrol-persons">按人员</h2>
                    <span className="gd-muted">{data.persons.length} 人有轨迹</span>
                  </header>
                  <PersonTable report={data} />
                </section>
                <section className="gd-patrol__panel" aria-labelledby="gd-patrol-unwalked">
                  <header className="gd-patrol__panelhead">
                    <h2 id="gd-patrol-unwalked">未巡查网格</h2>
                    <span className="gd-pagehead__spacer" />
                    <label className="gd-patrol__sort">
                      连续
                      <select className="gd-select gd-select--small" value={days} onChange={(e) => setDays(Number(e.target.value))} aria-label="未巡查天数">
                        {UNWALKED_DAYS.map((d) => (
                          <option key={d} value={d}>
                            {d} 天
                          </option>
                        ))}
                      </select>
                      未走到（截至 {asOf}）
                    </label>
                  </header>
                  {unwalked.error ? (
                    <ErrorNotice error={unwalked.error} action="读取未巡查网格" onRetry={unwalked.reload} />
                  ) : (
                    <UnwalkedList answer={unwalked.data} />
                  )}
                </section>
                <section className="gd-patrol__panel" aria-labelledby="gd-patrol-flagged">
                  <header className="gd-patrol__panelhead">
                    <h2 id="gd-patrol-flagged">可疑轨迹</h2>
                    <span className="gd-muted">标出，不隐藏：照常计入（远离辖区的除外）</span>
                  </header>
                  <FlaggedList items={data.flagged} />
                </section>
              </div>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}

function Totals({ report }: { report: CoverageReport }) {
  const t = report.totals;
  const cards: { label: string; value: string; unit: string }[] = [
    { label: '巡查里程', value: km(t.lengthM), unit: '公里' },
    { label: '巡查时长', value: hours(t.durationMs), unit: '小时' },
    { label: '巡查次数', value: String(t.patrolCount), unit: '次' },
    { label: '全区覆盖率', value: percent(t.coveredShare), unit: '' },
    { label: '走到网格', value: `${t.gridsWalked}`, unit: `/ ${t.gridCount}` },
    { label: '巡查发现', value: String(t.casesFound), unit: t.casesPerKm === null ? '件' : `件 · ${t.casesPerKm.toFixed(2)} 件/公里` },
  ];
  return (
    <dl className="gd-patrol__totals">
      {cards.map((c) => (
        <div key={c.label} className="gd-patrol__total">
          <dt>{c.label}</dt>
          <dd>
            <strong>{c.value}</strong>
            {c.unit && <span>{c.unit}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function CoverageBar({ share }: { share: number }) {
  const level = share >= 0.5 ? 'high' : share >= 0.2 ? 'mid' : share > 0 ? 'low' : 'none';
  return (
    <span className={`gd-patrol__cov gd-patrol__cov--${level}`}>
      <span className="gd-patrol__covbar" aria-hidden="true">
        <span style={{ width: `${Math.min(100, share * 100)}%` }} />
      </span>
      {percent(share)}
    </span>
  );
}

function GridTable({ rows, sort }: { rows: readonly GridCoverageRow[]; sort: GridSort }) {
  const sorted = useMemo(() => {
    const list = [...rows];
    if (sort === 'coverage') list.sort((a, b) => a.coveredShare - b.coveredShare || (a.code < b.code ? -1 : 1));
    else if (sort === 'length') list.sort((a, b) => b.lengthM - a.lengthM || (a.code < b.code ? -1 : 1));
    return list;
  }, [rows, sort]);
  return (
    <div className="gd-patrol__tablewrap">
      <table className="gd-table gd-patrol__table" aria-label="各网格巡查覆盖">
        <thead>
          <tr>
            <th>网格</th>
            <th>街道</th>
            <th className="gd-num">里程(公里)</th>
            <th className="gd-num">时长(小时)</th>
            <th className="gd-num">次数</th>
            <th>覆盖率</th>
            <th className="gd-num">发现/公里</th>
            <th>最近巡查</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((g) => (
            <tr key={g.gridId}>
              <td>
                <a href={hrefFor({ page: 'map', gridCode: g.code })} title={g.code}>
                  {g.name}
                </a>
              </td>
              <td className="gd-muted">{g.streetName}</td>
              <td className="gd-num">{km(g.lengthM)}</td>
              <td className="gd-num">{hours(g.durationMs)}</td>
              <td className="gd-num">{g.patrolCount}</td>
              <td>
                <CoverageBar share={g.coveredShare} />
              </td>
              <td className="gd-num">{g.casesPerKm === null ? '—' : g.casesPerKm.toFixed(2)}</td>
              <td className="gd-muted">{g.lastWalkedAt === null ? '从未' : shanghaiDate(g.lastWalkedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PersonTable({ report }: { report: CoverageReport }) {
  if (report.persons.length === 0) return <p className="gd-patrol__empty">本期没有巡查轨迹。请在“导入”中导入巡查员的 GPX 轨迹。</p>;
  return (
    <table className="gd-table gd-patrol__table" aria-label="各人员巡查">
      <thead>
        <tr>
          <th>巡查员</th>
          <th className="gd-num">里程(公里)</th>
          <th className="gd-num">时长(小时)</th>
          <th className="gd-num">次数</th>
          <th className="gd-num">网格</th>
          <th>覆盖率</th>
          <th className="gd-num">发现</th>
          <th className="gd-num">可疑</th>
        </tr>
      </thead>
      <tbody>
        {report.persons.map((p) => (
          <tr key={p.personId}>
            <td>{p.name}</td>
            <td className="gd-num">{km(p.lengthM)}</td>
            <td className="gd-num">{hours(p.durationMs)}</td>
            <td className="gd-num">{p.patrolCount}</td>
            <td className="gd-num">{p.gridCount}</td>
            <td>
              <CoverageBar share={p.coveredShare} />
            </td>
            <td className="gd-num" title={p.casesPerKm === null ? undefined : `${p.casesPerKm.toFixed(2)} 件/公里`}>
              {p.casesFound}
            </td>
            <td className="gd-num">{p.flaggedCount > 0 ? <span className="gd-tag gd-tag--urgent">{p.flaggedCount}</span> : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function UnwalkedList({ answer }: { answer: UnwalkedAnswer | undefined }) {
  if (!answer) return <Spinner label="正在读取…" />;
  if (answer.grids.length === 0) return <p className="gd-patrol__empty">每个网格在 {answer.days} 天内都有巡查。</p>;
  return (
    <>
      <p className="gd-patrol__count">
        {answer.grids.length} / {answer.gridCount} 个网格连续 {answer.days} 天无巡查轨迹
      </p>
      <ul className="gd-patrol__unwalked" aria-label="未巡查网格">
        {answer.grids.slice(0, 60).map((g) => (
          <li key={g.gridId}>
            <a href={hrefFor({ page: 'map', gridCode: g.code })}>{g.name}</a>
            <span className="gd-muted">{g.streetName}</span>
            <span className={g.daysSince === null ? 'gd-patrol__never' : 'gd-patrol__since'}>{g.daysSince === null ? '从未巡查' : `${g.daysSince} 天未巡查`}</span>
          </li>
        ))}
      </ul>
      {answer.grids.length > 60 && <p className="gd-muted">……另有 {answer.grids.length - 60} 个</p>}
    </>
  );
}

function FlaggedList({ items }: { items: readonly FlaggedPatrol[] }) {
  if (items.length === 0) return <p className="gd-patrol__empty">本期没有可疑轨迹。</p>;
  return (
    <ul className="gd-patrol__flagged" aria-label="可疑轨迹">
      {items.map((p) => (
        <li key={p.patrolId}>
          <div className="gd-patrol__flaghead">
            <strong>{p.inspector}</strong>
            <span className="gd-muted">{shanghaiDateTime(p.startedAt)}</span>
            {p.flags.map((f) => (
              <span key={f.kind} className="gd-tag gd-tag--urgent">
                {f.label}
              </span>
            ))}
          </div>
          {p.flags.map((f) => (
            <div key={f.kind} className="gd-patrol__flagdetail">
              {f.label}：{f.detail}
            </div>
          ))}
          {p.note && <div className="gd-patrol__flagdetail gd-muted">{p.note}</div>}
        </li>
      ))}
    </ul>
  );
}
