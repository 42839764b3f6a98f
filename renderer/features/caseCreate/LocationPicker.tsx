import { useEffect, useState } from 'react';
import type { CoordinateSystem, Grid } from '../../../electron/contract';
import { CRS_SHORT_LABELS } from '../../../db/domain/labels';
import { CrsSelect } from '../../ui/CrsSelect';
import { Select } from '../../ui/SelectField';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import type { GridLayers } from '../map/gridLayers';
import type { FocusRequest } from '../map/MapViewport';
import { PointMap } from '../map/PointMap';
import type { GridLookup } from './useGridLookup';

export interface CoordinateDraft {
  readonly lonText: string;
  readonly latText: string;
  readonly crs: CoordinateSystem;
}

interface LocationPickerProps {
  readonly layers: GridLayers;
  readonly value: CoordinateDraft;
  readonly onChange: (value: CoordinateDraft) => void;
  readonly lookup: GridLookup;
  /** The grid chosen by hand (outside every grid, or no location). */
  readonly manualGrid: string;
  readonly onManualGrid: (code: string) => void;
  readonly streets: readonly Grid[];
  readonly gridsByStreet: ReadonlyMap<string, readonly Grid[]>;
  readonly hasCoordinates: boolean;
  readonly error: string | null;
}

/** Degrees around a typed point when the map moves to it (about 300 m). */
const AROUND = 0.003;

/** Click on the map or type coordinates in any of the three systems; the grid is found live. */
export function LocationPicker({
  layers,
  value,
  onChange,
  lookup,
  manualGrid,
  onManualGrid,
  streets,
  gridsByStreet,
  hasCoordinates,
  error,
}: LocationPickerProps) {
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  const [wasTyped, setTyped] = useState(false);
  const location = lookup.location;
  const point = location ? ([location.lon, location.lat] as const) : null;

  // A typed point: bring it into view once its WGS-84 position is known.
  useEffect(() => {
    if (wasTyped && location?.grid) {
      setFocus({ bbox: [location.lon - AROUND, location.lat - AROUND, location.lon + AROUND, location.lat + AROUND] });
      setTyped(false);
    }
  }, [wasTyped, location]);

  const type = (patch: Partial<CoordinateDraft>) => {
    setTyped(true);
    onChange({ ...value, ...patch });
  };
  const isOutside = hasCoordinates && location !== null && location.grid === null;
  const showGridPicker = isOutside || !hasCoordinates;
  const home = layers.district?.grid.bbox;

  return (
    <div className={`gd-locpicker${error ? ' has-error' : ''}`}>
      {home && (
        <PointMap
          layers={layers}
          highlightCode={location?.grid?.code ?? (showGridPicker && manualGrid ? manualGrid : null)}
          point={point}
          initialBbox={home}
          focus={focus}
          label="选择位置的地图"
          onPick={(lon, lat) => onChange({ lonText: lon.toFixed(6), latText: lat.toFixed(6), crs: 'wgs84' })}
        />
      )}
      <div className="gd-locpicker__coords">
        <CoordinateInput label="经度" example="112.9923" value={value.lonText} onChange={(lonText) => type({ lonText })} />
        <CoordinateInput label="纬度" example="28.1987" value={value.latText} onChange={(latText) => type({ latText })} />
        <label>
          <span>坐标系</span>
          <CrsSelect className="gd-select gd-select--small" value={value.crs} onChange={(crs) => type({ crs })} />
        </label>
      </div>
      <div className="gd-locpicker__result" aria-live="polite">
        {!hasCoordinates ? (
          <span className="gd-muted">
            <Icon name="pin" size={14} /> 在地图上点击选择位置，或填写坐标；也可以不定位，直接选择网格。
          </span>
        ) : lookup.isLoading ? (
          <Spinner label="正在查找所在网格…" />
        ) : lookup.error ? (
          <span className="gd-tone--overdue">{lookup.error.message}</span>
        ) : location?.grid ? (
          <span className="gd-locpicker__found">
            <Icon name="check" size={14} />
            所在网格：<strong>{location.grid.name}</strong>
            <span className="gd-mono gd-muted">{location.grid.code}</span>
            {location.street && <span>· {location.street.name}</span>}
          </span>
        ) : (
          isOutside && (
            <span className="gd-locpicker__outside" role="alert">
              <Icon name="warning" size={14} />
              该位置不在任何网格内：请核对坐标和坐标系（当前为 {CRS_SHORT_LABELS[value.crs]}），或在下方手动选择网格。
            </span>
          )
        )}
        {hasCoordinates && (
          <button
            type="button"
            className="gd-linkbutton gd-locpicker__clear"
            onClick={() => onChange({ lonText: '', latText: '', crs: value.crs })}
          >
            清除位置
          </button>
        )}
      </div>
      {showGridPicker && (
        <GridChooser
          value={manualGrid}
          onChange={onManualGrid}
          streets={streets}
          gridsByStreet={gridsByStreet}
          label={isOutside ? '手动选择网格' : '或直接选择网格'}
        />
      )}
      {error && (
        <div className="gd-field__error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

/** One typed coordinate, in decimal degrees. */
function CoordinateInput({ label, example, value, onChange }: { label: string; example: string; value: string; onChange: (text: string) => void }) {
  return (
    <label>
      <span>{label}</span>
      <input
        className="gd-input gd-input--small gd-mono"
        inputMode="decimal"
        aria-label={label}
        value={value}
        placeholder={`如 ${example}`}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

function GridChooser({
  value,
  onChange,
  streets,
  gridsByStreet,
  label,
}: {
  value: string;
  onChange: (code: string) => void;
  streets: readonly Grid[];
  gridsByStreet: ReadonlyMap<string, readonly Grid[]>;
  label: string;
}) {
  const groups = streets.map((s) => ({
    label: s.name,
    options: (gridsByStreet.get(s.code) ?? []).map((g) => ({ value: g.code, label: `${g.name}（${g.code}）` })),
  }));
  return (
    <label className="gd-locpicker__grid">
      <span>{label}</span>
      <Select label={label} isSmall placeholder="请选择社区网格…" options={groups} value={value} onChange={onChange} />
    </label>
  );
}
