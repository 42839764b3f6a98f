import { useState } from 'react';
import type { BasemapView } from '../../../../electron/contract';
import { type ApiError, toApiError } from '../../../api/client';
import { useSetCallData, useWrite } from '../../../api/useCall';
import { BusyButton } from '../../../ui/BusyButton';
import { Dialog } from '../../../ui/Dialog';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { CrsSelect } from '../../../ui/CrsSelect';
import { Field } from '../../../ui/Field';
import { TextField } from '../../../ui/TextField';

/** Tiles come in WGS-84 (CGCS2000, as Tianditu) or GCJ-02; no tile server serves BD-09 here. */
const TILE_SYSTEMS = ['wgs84', 'gcj02'] as const;
const TILE_LABELS = { wgs84: 'WGS-84 / CGCS2000', gcj02: 'GCJ-02（高德、腾讯等）' } as const;

interface BasemapDialogProps {
  readonly view: BasemapView;
  /** Closed without saving, or after a save (the map shows the saved basemap at once). */
  readonly onClose: () => void;
}

/** 底图设置: an XYZ tile URL (intranet server or Tianditu with a key) and an offline MBTiles file. */
export function BasemapDialog({ view, onClose }: BasemapDialogProps) {
  const setBasemap = useWrite('map:set-basemap');
  const setCallData = useSetCallData();
  const s = view.settings;
  const [xyzUrl, setXyzUrl] = useState(s.xyzUrl ?? '');
  const [xyzCrs, setXyzCrs] = useState(s.xyzCrs);
  const [xyzSubdomains, setXyzSubdomains] = useState(s.xyzSubdomains);
  const [mbtilesPath, setMbtilesPath] = useState(s.mbtilesPath ?? '');
  const [mbtilesCrs, setMbtilesCrs] = useState(s.mbtilesCrs);
  const [error, setError] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const next = await setBasemap({
        xyzUrl: xyzUrl.trim() || null,
        xyzCrs,
        xyzSubdomains: xyzSubdomains.trim() || 'abc',
        mbtilesPath: mbtilesPath.trim() || null,
        mbtilesCrs,
      });
      setCallData('map:basemap', {}, next);
      onClose();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="底图设置"
      subtitle="不设置底图时，网格边界和街道名称就是地图。只有设置了在线瓦片地址，GridDesk 才会访问网络。"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="gd-button" onClick={onClose}>
            取消
          </button>
          <BusyButton className="gd-button gd-button--primary" isBusy={isBusy} onClick={() => void save()}>
            保存
          </BusyButton>
        </>
      }
    >
      <div className="gd-basemap-form">
        <Field label="离线底图（MBTiles 文件路径）" htmlFor="gd-mbtiles" hint="本机上的 .mbtiles 文件，由 GridDesk 自己读取并提供瓦片；支持 png / jpg / webp 栅格瓦片。">
          <input id="gd-mbtiles" className="gd-input" value={mbtilesPath} onChange={(e) => setMbtilesPath(e.target.value)} placeholder="例如 D:\\底图\\芙蓉区.mbtiles" />
        </Field>
        <Field label="离线底图坐标系" htmlFor="gd-mbtiles-crs">
          <CrsSelect
            id="gd-mbtiles-crs"
            label="离线底图坐标系"
            systems={TILE_SYSTEMS}
            labels={{ ...TILE_LABELS, wgs84: `${TILE_LABELS.wgs84}（天地图等）` }}
            value={mbtilesCrs}
            onChange={setMbtilesCrs}
          />
        </Field>
        {view.mbtiles && !view.mbtiles.ok && <div className="gd-basemap-form__problem" role="alert">当前离线底图不可用：{view.mbtiles.message}</div>}
        {view.mbtiles?.ok && (
          <div className="gd-muted gd-basemap-form__ok">
            已读取：{view.mbtiles.info.name ?? '未命名'}，{view.mbtiles.info.format.toUpperCase()}，第 {view.mbtiles.info.minzoom}–{view.mbtiles.info.maxzoom} 级
          </div>
        )}
        <TextField
          id="gd-xyz"
          label="在线瓦片地址（XYZ）"
          limit="url"
          hint="内网瓦片服务或带密钥的天地图地址，须包含 {z}、{x}、{y}，可用 {s} 表示子域名。"
          value={xyzUrl}
          placeholder="http://10.0.0.5/tiles/{z}/{x}/{y}.png"
          onChange={setXyzUrl}
        />
        <div className="gd-basemap-form__row">
          <Field label="瓦片坐标系" htmlFor="gd-xyz-crs">
            <CrsSelect
              id="gd-xyz-crs"
              label="瓦片坐标系"
              systems={TILE_SYSTEMS}
              labels={TILE_LABELS}
              value={xyzCrs}
              onChange={setXyzCrs}
            />
          </Field>
          <Field label="子域名 {s}" htmlFor="gd-xyz-sub">
            <input id="gd-xyz-sub" className="gd-input" value={xyzSubdomains} onChange={(e) => setXyzSubdomains(e.target.value)} />
          </Field>
        </div>
        {error && <ErrorNotice error={error} action="保存底图设置" />}
      </div>
    </Dialog>
  );
}
