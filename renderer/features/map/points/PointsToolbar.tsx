import { INCIDENT_STATUSES } from '../../../../electron/contract';
import { EMPTY_QUERY, hasFilters } from '../../cases/caseQuery';
import { MEASURES, type Measure } from '../choropleth';
import type { MapTool } from './MapToolHandler';
import { casesHrefFor, type MapQuery } from './mapQuery';

type Preset = 'open' | 'overdue' | 'all' | 'custom';

/** Which of the bar's choices the query is ('custom': the case list's own filters, or a rectangle's cases). */
export function presetOf(q: MapQuery): Preset {
  const c = q.cases;
  const rest = { ...c, statuses: [], overdue: false, sort: EMPTY_QUERY.sort };
  if (hasFilters(rest)) return 'custom';
  if (c.overdue && !c.statuses.length) return 'overdue';
  if (!c.overdue && !c.statuses.length) return 'open';
  if (!c.overdue && c.statuses.length === INCIDENT_STATUSES.length) return 'all';
  return 'custom';
}

interface PointsToolbarProps {
  readonly query: MapQuery;
  readonly onQuery: (next: MapQuery) => void;
  readonly measure: Measure;
  readonly onMeasure: (m: Measure) => void;
  readonly tool: MapTool;
  readonly onTool: (t: MapTool) => void;
  readonly count: number | null;
  readonly isLoading: boolean;
  /** Points received so far while they load. */
  readonly received?: number | null;
  readonly onExport: () => void;
  readonly onBasemap: () => void;
}

/** The bar above the map: which cases, how they are drawn, colouring, and the map tools. */
export function PointsToolbar({ query, onQuery, measure, onMeasure, tool, onTool, count, isLoading, received = null, onExport, onBasemap }: PointsToolbarProps) {
  const preset = presetOf(query);
  const choose = (p: Preset) => {
    if (p === 'custom') return;
    const cases = p === 'open' ? EMPTY_QUERY : p === 'overdue' ? { ...EMPTY_QUERY, overdue: true } : { ...EMPTY_QUERY, statuses: [...INCIDENT_STATUSES] };
    onQuery({ ...query, cases });
  };
  return (
    <div className="gd-maptools" role="toolbar" aria-label="地图工具">
      <label className="gd-maptools__field">
        <span>案件</span>
        <select className="gd-select" value={preset} onChange={(e) => choose(e.target.value as Preset)} aria-label="显示哪些案件">
          <option value="open">在办案件</option>
          <option value="overdue">超期未结</option>
          <option value="all">全部案件</option>
          {preset === 'custom' && <option value="custom">按案件列表筛选</option>}
        </select>
      </label>
      <div className="gd-segmented" role="group" aria-label="案件显示方式">
        <button type="button" className="gd-segmented__item" aria-pressed={query.mode === 'clusters'} onClick={() => onQuery({ ...query, mode: 'clusters' })}>
          聚合点
        </button>
        <button type="button" className="gd-segmented__item" aria-pressed={query.mode === 'heat'} onClick={() => onQuery({ ...query, mode: 'heat' })}>
          热力图
        </button>
      </div>
      <label className="gd-maptools__field">
        <span>着色</span>
        <select className="gd-select" value={measure} onChange={(e) => onMeasure(e.target.value as Measure)} aria-label="网格着色指标">
          {MEASURES.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      <div className="gd-maptools__group">
        <button type="button" className="gd-button gd-button--small" aria-pressed={tool === 'rect'} onClick={() => onTool(tool === 'rect' ? 'none' : 'rect')} title="在地图上拖出一个矩形，只看其中的案件">
          框选
        </button>
        <button type="button" className="gd-button gd-button--small" aria-pressed={tool === 'create'} onClick={() => onTool(tool === 'create' ? 'none' : 'create')} title="在地图上点选位置，新建案件">
          新建案件
        </button>
        <button type="button" className="gd-button gd-button--small" onClick={onExport} title="把当前地图导出为 PNG 图片">
          导出图片
        </button>
        <button type="button" className="gd-button gd-button--small" onClick={onBasemap} title="设置在线瓦片地址或离线 MBTiles 底图">
          底图
        </button>
      </div>
      <div className="gd-maptools__status" aria-live="polite">
        {query.bbox && (
          <span className="gd-chip">
            框选范围
            <button type="button" className="gd-chip__clear" aria-label="取消框选" onClick={() => onQuery({ ...query, bbox: null })}>
              ×
            </button>
          </span>
        )}
        <span className="gd-maptools__count">
          {isLoading ? (received ? `正在载入案件 ${received.toLocaleString('zh-CN')} 件…` : '正在读取案件…') : count === null ? '' : `共 ${count.toLocaleString('zh-CN')} 件`}
        </span>
        <a href={casesHrefFor(query)}>在案件列表中查看</a>
      </div>
    </div>
  );
}
