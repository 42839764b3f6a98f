import { Icon } from '../../ui/Icon';
import type { MapLevel } from './GridMap';
import { MEASURES, type Choropleth } from './choropleth';
import { COLORS } from './mapStyles';
import type { PointsMode } from './points/incidentCanvasLayer';
import { POINT_CLASSES } from './points/pointStyles';

interface MapLegendProps {
  readonly level: MapLevel;
  readonly onLevelChange: (level: MapLevel) => void;
  readonly onShowAll: () => void;
  readonly mode?: PointsMode;
  readonly choropleth?: Choropleth;
  /** The patrol track layer's switch, for those who may see the tracks. */
  readonly tracks?: { readonly isOn: boolean; readonly onToggle: () => void } | undefined;
}

const LEVELS: readonly { id: MapLevel; label: string }[] = [
  { id: 'street', label: '街道' },
  { id: 'grid', label: '网格' },
];

export function MapLegend({ level, onLevelChange, onShowAll, mode, choropleth, tracks }: MapLegendProps) {
  return (
    <div className="gd-legend">
      <div className="gd-legend__row">
        <div className="gd-segmented" role="group" aria-label="显示层级">
          {LEVELS.map((l) => (
            <button
              key={l.id}
              type="button"
              className="gd-segmented__item"
              aria-pressed={level === l.id}
              onClick={() => onLevelChange(l.id)}
            >
              {l.label}
            </button>
          ))}
        </div>
        <button type="button" className="gd-iconbutton" onClick={onShowAll} title="显示全区" aria-label="显示全区">
          <Icon name="fit" size={16} />
        </button>
        {tracks && (
          <button type="button" className="gd-segmented__item gd-legend__tracks" aria-pressed={tracks.isOn} onClick={tracks.onToggle} title="巡查员的 GPS 轨迹">
            巡查轨迹
          </button>
        )}
      </div>
      <ul className="gd-legend__items">
        <LegendLine color={COLORS.district} width={3.5} label="区界" />
        <LegendLine color={COLORS.street} width={2} label="街道界" />
        {level === 'grid' && <LegendLine color={COLORS.grid} width={1.5} label="社区网格界" />}
        <li>
          <span
            className="gd-legend__swatch gd-legend__swatch--fill"
            style={{ borderColor: COLORS.selection, background: `${COLORS.selectionFill}55` }}
          />
          选中
        </li>
      </ul>
      {mode === 'clusters' && (
        <ul className="gd-legend__items gd-legend__items--points" aria-label="案件状态">
          {POINT_CLASSES.map((c) => (
            <li key={c.id}>
              <span className="gd-legend__dot" style={{ background: c.color }} />
              {c.label}
            </li>
          ))}
        </ul>
      )}
      {mode === 'heat' && (
        <div className="gd-legend__heat" aria-label="热力图">
          <span>少</span>
          <span className="gd-legend__ramp" />
          <span>多</span>
        </div>
      )}
      {choropleth && choropleth.measure !== 'none' && (
        <div className="gd-legend__choro" aria-label="着色图例">
          <div className="gd-legend__title">{MEASURES.find((m) => m.id === choropleth.measure)?.label}</div>
          <ul className="gd-legend__items">
            {choropleth.legend.map((s) => (
              <li key={s.label}>
                <span className="gd-legend__swatch gd-legend__swatch--fill" style={{ background: s.color, borderColor: '#b9c3d0' }} />
                {s.label}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function LegendLine({ color, width, label }: { color: string; width: number; label: string }) {
  return (
    <li>
      <svg className="gd-legend__swatch" width="22" height="10" aria-hidden="true">
        <line x1="1" y1="5" x2="21" y2="5" stroke={color} strokeWidth={width} />
      </svg>
      {label}
    </li>
  );
}
