import L from 'leaflet';
import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import { CircleMarker, Pane, Polygon, Polyline, Tooltip } from 'react-leaflet';
import type { TrackView } from '../../../electron/contract';
import { addDays, shanghaiDate, shanghaiDateTime } from '../../../db/domain/time';
import { useCall } from '../../api/useCall';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import type { GridLayers } from './gridLayers';
import '../patrol/patrol.css';

/** Speed classes of a stretch between two fixes, km/h: stopped, walking, brisk (bicycle), vehicle. */
export const SPEED_CLASSES = [
  { max: 1, color: '#8796ab', label: '停留 <1' },
  { max: 6, color: '#1f8a4c', label: '步行 1–6' },
  { max: 15, color: '#d09a1b', label: '6–15' },
  { max: Infinity, color: '#c62828', label: '>15 km/h' },
] as const;
const NO_TIME_COLOR = '#4a6fa5';

export function speedColor(kmh: number | null): string {
  if (kmh === null) return NO_TIME_COLOR;
  return SPEED_CLASSES.find((c) => kmh < c.max)!.color;
}

type Pt = [number, number, number | null];

/** A line cut into runs of one colour (each run shares its first point with the last one's end). */
export function colourRuns(line: readonly Pt[]): { color: string; positions: [number, number][] }[] {
  const runs: { color: string; positions: [number, number][] }[] = [];
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const color = speedColor(b[2]);
    const last = runs[runs.length - 1];
    if (last && last.color === color) last.positions.push([b[1], b[0]]);
    else runs.push({ color, positions: [[a[1], a[0]], [b[1], b[0]]] });
  }
  return runs;
}

const UNWALKED_DAYS = [3, 7, 14, 30] as const;

interface PatrolTrackLayerProps {
  readonly layers: GridLayers;
  /** The grid selected on the map: the tracks can be narrowed to it. */
  readonly selectedCode: string | null;
  readonly onClose: () => void;
  /** Today (Asia/Shanghai); default: the clock's. */
  readonly today?: string;
}

/**
 * The patrol tracks on the map (inside GridMap): speed-coloured polylines on a canvas, suspicious tracks
 * under a dashed red halo with a marker naming their flags, and optionally the grids not walked for N
 * days; with its own panel (period, person, the selected grid, the legend, the flagged tracks).
 */
export function PatrolTrackLayer({ layers, selectedCode, onClose, today = shanghaiDate(Date.now()) }: PatrolTrackLayerProps) {
  const [from, setFrom] = useState(addDays(today, -6));
  const [to, setTo] = useState(today);
  const [personId, setPersonId] = useState<number | null>(null);
  const [onlySelected, setOnlySelected] = useState(false);
  const [unwalkedDays, setUnwalkedDays] = useState<number | null>(null);
  const [highlight, setHighlight] = useState<number | null>(null);
  const selected = selectedCode ? layers.byCode.get(selectedCode) : undefined;
  const gridId = onlySelected && selected && selected.grid.level === 3 ? selected.grid.id : undefined;
  const range = from <= to ? { from, to } : { from: to, to: from };

  const tracks = useCall('patrol:tracks', { ...range, ...(personId !== null ? { personId } : {}), ...(gridId !== undefined ? { gridId } : {}), maxPoints: 20_000 });
  const coverage = useCall('patrol:coverage', range);
  const unwalked = useCall('patrol:unwalked', { days: unwalkedDays ?? 14, asOf: range.to < today ? range.to : today }, { enabled: unwalkedDays !== null });
  const renderer = useMemo(() => L.canvas({ padding: 0.3 }), []);

  const panel = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    // Clicks, drags and the wheel on the panel stay on the panel, not the map under it.
    if (!panel.current) return;
    L.DomEvent.disableClickPropagation(panel.current);
    L.DomEvent.disableScrollPropagation(panel.current);
  }, []);

  const list = tracks.data?.tracks ?? [];
  const flagged = list.filter((t) => t.flags.length > 0);
  const unwalkedGrids = unwalkedDays !== null ? (unwalked.data?.grids ?? []) : [];

  return (
    <>
      <Pane name="gd-unwalked" pane="overlayPane" className="gd-pane gd-pane--passive" style={{ zIndex: '445' }}>
        {unwalkedGrids.map((g) => {
          const item = layers.byCode.get(g.code);
          return item ? (
            <Polygon
              key={g.code}
              positions={item.positions}
              interactive={false}
              pathOptions={{ color: '#c62828', weight: 1.5, dashArray: '5 4', fillColor: '#c62828', fillOpacity: 0.14, renderer }}
            />
          ) : null;
        })}
      </Pane>
      <Pane name="gd-tracks" pane="overlayPane" className="gd-pane" style={{ zIndex: '450' }}>
        {list.map((t) => (
          <TrackLines key={t.patrolId} track={t} renderer={renderer} isHighlighted={highlight === t.patrolId} />
        ))}
        {flagged.map((t) => {
          const first = t.lines.find((l) => l.length > 0)?.[0];
          return first ? (
            <CircleMarker
              key={`flag-${t.patrolId}`}
              center={[first[1], first[0]]}
              radius={6}
              pathOptions={{ color: '#ffffff', weight: 2, fillColor: '#c62828', fillOpacity: 1, renderer }}
              eventHandlers={{ click: () => setHighlight(t.patrolId) }}
            >
              <Tooltip direction="top">
                <strong>{t.inspector}</strong> {shanghaiDateTime(t.startedAt)}
                {t.flags.map((f) => (
                  <div key={f.kind}>
                    {f.label}：{f.detail}
                  </div>
                ))}
              </Tooltip>
            </CircleMarker>
          ) : null;
        })}
      </Pane>
      <div className="gd-tracks" ref={panel} role="region" aria-label="巡查轨迹">
        <div className="gd-tracks__head">
          <h2>巡查轨迹</h2>
          {tracks.isLoading && <Spinner label="正在读取轨迹…" />}
          <span className="gd-pagehead__spacer" />
          <button type="button" className="gd-iconbutton" aria-label="关闭巡查轨迹" title="关闭" onClick={onClose}>
            <Icon name="close" size={14} />
          </button>
        </div>
        <div className="gd-tracks__body">
          <label className="gd-tracks__row">
            <span>从</span>
            <input type="date" className="gd-input gd-input--small" value={from} max={today} onChange={(e) => e.target.value && setFrom(e.target.value)} aria-label="开始日期" />
          </label>
          <label className="gd-tracks__row">
            <span>至</span>
            <input type="date" className="gd-input gd-input--small" value={to} max={today} onChange={(e) => e.target.value && setTo(e.target.value)} aria-label="结束日期" />
          </label>
          <label className="gd-tracks__row">
            <span>人员</span>
            <select className="gd-select gd-select--small" value={personId ?? ''} onChange={(e) => setPersonId(e.target.value ? Number(e.target.value) : null)} aria-label="巡查员">
              <option value="">全部巡查员</option>
              {(coverage.data?.persons ?? []).map((p) => (
                <option key={p.personId} value={p.personId}>
                  {p.name}（{p.patrolCount} 次）
                </option>
              ))}
            </select>
          </label>
          <label className="gd-tracks__row">
            <input
              type="checkbox"
              checked={onlySelected}
              disabled={!selected || selected.grid.level !== 3}
              onChange={(e) => setOnlySelected(e.target.checked)}
            />
            {selected && selected.grid.level === 3 ? `只看经过「${selected.grid.name}」的轨迹` : '只看经过选中网格的轨迹（先在地图上选一个网格）'}
          </label>
          <label className="gd-tracks__row">
            <input type="checkbox" checked={unwalkedDays !== null} onChange={(e) => setUnwalkedDays(e.target.checked ? 14 : null)} />
            标出连续
            <select
              className="gd-select gd-select--small"
              value={unwalkedDays ?? 14}
              disabled={unwalkedDays === null}
              onChange={(e) => setUnwalkedDays(Number(e.target.value))}
              aria-label="未巡查天数"
            >
              {UNWALKED_DAYS.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
            天未巡查的网格
          </label>
          <div className="gd-tracks__status" role="status">
            {tracks.error
              ? `读取轨迹失败：${tracks.error.message}`
              : tracks.data
                ? `${list.length} 条轨迹${tracks.data.truncated ? '（只显示最近 1000 条）' : ''}，${tracks.data.sentPoints.toLocaleString('zh-CN')} 个点${
                    tracks.data.sentPoints < tracks.data.storedPoints ? `（共 ${tracks.data.storedPoints.toLocaleString('zh-CN')} 个，已抽稀）` : ''
                  }${unwalkedDays !== null && unwalked.data ? `；${unwalked.data.grids.length} 个网格未巡查` : ''}`
                : '正在读取…'}
          </div>
          <ul className="gd-tracks__legend" aria-label="速度图例">
            {SPEED_CLASSES.map((c) => (
              <li key={c.label}>
                <span className="gd-tracks__swatch" style={{ background: c.color }} />
                {c.label}
              </li>
            ))}
            <li>
              <span className="gd-tracks__swatch" style={{ background: NO_TIME_COLOR }} />
              无时间
            </li>
            <li>
              <span className="gd-tracks__swatch gd-tracks__swatch--flag" />
              可疑轨迹
            </li>
            {unwalkedDays !== null && (
              <li>
                <span className="gd-tracks__swatch gd-tracks__swatch--unwalked" />
                未巡查网格
              </li>
            )}
          </ul>
          {flagged.length > 0 && (
            <ul className="gd-tracks__flags" aria-label="可疑轨迹">
              {flagged.map((t) => (
                <li key={t.patrolId}>
                  <button type="button" onClick={() => setHighlight(highlight === t.patrolId ? null : t.patrolId)} aria-pressed={highlight === t.patrolId}>
                    <strong>{t.inspector}</strong> {shanghaiDateTime(t.startedAt)}：{t.flags.map((f) => f.label).join('、')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </>
  );
}

function TrackLines({ track, renderer, isHighlighted }: { track: TrackView; renderer: L.Renderer; isHighlighted: boolean }) {
  const runs = useMemo(() => track.lines.map(colourRuns), [track]);
  const isFlagged = track.flags.length > 0;
  const tip = `${track.inspector} ${shanghaiDateTime(track.startedAt)}，${(track.lengthM / 1000).toFixed(2)} 公里${isFlagged ? `；${track.flags.map((f) => f.label).join('、')}` : ''}${track.note ? `；${track.note}` : ''}`;
  return (
    <>
      {isFlagged &&
        track.lines.map((line, i) => (
          <Polyline
            key={`halo-${i}`}
            positions={line.map((p) => [p[1], p[0]] as [number, number])}
            interactive={false}
            pathOptions={{ color: '#c62828', weight: isHighlighted ? 10 : 7, opacity: 0.45, dashArray: '6 5', renderer }}
          />
        ))}
      {runs.map((lineRuns, i) => (
        <Fragment key={i}>
          {lineRuns.map((run, j) => (
            <Polyline key={j} positions={run.positions} pathOptions={{ color: run.color, weight: isHighlighted ? 4.5 : 2.5, opacity: 0.9, renderer }}>
              <Tooltip sticky>{tip}</Tooltip>
            </Polyline>
          ))}
        </Fragment>
      ))}
    </>
  );
}
