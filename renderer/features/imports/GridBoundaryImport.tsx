import { useState } from 'react';
import type { CoordinateSystem, GridImportPreview, GridImportResult, GridPropertyMapping, ImportSourceRef } from '../../../electron/contract';
import { ApiError, type ApiErrorKind, toApiError } from '../../api/client';
import { useApi } from '../../api/useApi';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Spinner } from '../../ui/Spinner';
import { FileChooser } from './FileChooser';
import { CrsSelect } from '../../ui/CrsSelect';
import { n } from './labels';
import { uploadFile } from './uploadFile';
import { useImportJob } from './useImportJob';

const ISSUE_LABELS: Readonly<Record<string, string>> = {
  'invalid-code': '编码错误',
  'duplicate-code': '编码重复',
  'missing-name': '缺少名称',
  'invalid-level': '级别错误',
  'invalid-geometry': '几何错误',
  'invalid-ring': '边界环错误',
  'missing-parent': '缺少上级',
  'outside-parent': '超出上级',
  overlap: '重叠',
  gap: '缝隙',
  'missing-district': '缺少区级',
  'removed-grid-in-use': '原网格仍在使用',
};

/**
 * Grid boundaries: choose a GeoJSON or zipped Shapefile, map its properties, validate, then replace. Once
 * grids are replaced, the tree, the map and every view of cases are refreshed (useImportJob).
 */
export function GridBoundaryImport() {
  const api = useApi();
  const [source, setSource] = useState<ImportSourceRef | null>(null);
  const [preview, setPreview] = useState<GridImportPreview | null>(null);
  const [mapping, setMapping] = useState<GridPropertyMapping>({ code: '', name: '' });
  const [crs, setCrs] = useState<CoordinateSystem>('wgs84');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [report, setReport] = useState<GridImportResult | null>(null);
  const job = useImportJob((s) => {
    if (s.gridResult) setReport(s.gridResult);
  });

  const choose = async (file: File) => {
    setError(null);
    setReport(null);
    setPreview(null);
    setBusy(true);
    try {
      const ref = { uploadId: await uploadFile(api, file) };
      setSource(ref);
      const p = await api['grids:import-preview']({ source: ref });
      setPreview(p);
      setMapping(p.mapping ?? { code: p.properties[0] ?? '', name: p.properties[1] ?? '' });
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const run = async (dryRun: boolean) => {
    if (!source || !preview) return;
    setError(null);
    setReport(null);
    try {
      job.follow(await api['grids:import']({ source, format: preview.format, crs, mapping, dryRun }));
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const select = (key: keyof GridPropertyMapping, label: string, optional = false) => (
    <label>
      {label}
      <select
        aria-label={label}
        value={mapping[key] ?? ''}
        onChange={(e) => setMapping({ ...mapping, [key]: e.target.value || (optional ? null : '') })}
      >
        <option value="">{optional ? '（按编码推断）' : '请选择…'}</option>
        {preview?.properties.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
    </label>
  );
  const running = job.status?.state === 'running';

  return (
    <section className="gd-imp-card" aria-labelledby="gd-imp-grids">
      <h2 id="gd-imp-grids">网格边界</h2>
      <p className="gd-imp-lead">GeoJSON 要素集合，或打包为 .zip 的 Shapefile（.shp、.dbf、.prj，可带 .cpg；.dbf 为 GBK 或 UTF-8）。先校验编码、边界、上下级、重叠与缝隙，无错误才替换；已有案件按位置重新归属网格。</p>
      <FileChooser label="选择网格文件…" accept=".geojson,.json,.zip" hint={preview ? `${preview.fileName}：${n(preview.features)} 个要素` : '15 位网格编码：区 6 位 + 街道 3 位 + 社区 3 位 + 网格 3 位'} disabled={busy || running} onFile={choose} />
      {busy && <Spinner label="正在读取网格文件…" />}
      {error && <ErrorNotice error={error} action="网格导入" />}
      {preview && (
        <>
          <div className="gd-imp-options">
            {select('code', '网格编码属性')}
            {select('name', '名称属性')}
            {select('level', '级别属性', true)}
            {select('parent', '上级编码属性', true)}
            <label>
              坐标系
              <CrsSelect className="" label="网格坐标系" value={crs} onChange={setCrs} />
            </label>
          </div>
          <div className="gd-imp-actions">
            <button type="button" className="gd-button gd-button--primary" disabled={running || !mapping.code || !mapping.name} onClick={() => run(true)}>
              校验
            </button>
            <button type="button" className="gd-button gd-button--danger" disabled={running || !report || report.errorCount > 0 || report.applied} onClick={() => run(false)}>
              校验通过后替换网格
            </button>
          </div>
        </>
      )}
      {running && <Spinner label="正在校验网格边界（重叠、缝隙、上下级）…" />}
      {job.status?.state === 'failed' && job.status.error && <ErrorNotice error={new ApiError(job.status.error.kind as ApiErrorKind, job.status.error.message)} action="网格导入" />}
      {report && <GridReport report={report} />}
    </section>
  );
}

function GridReport({ report }: { report: GridImportResult }) {
  return (
    <section className="gd-imp-result" aria-label="网格校验报告">
      <h3>
        {report.applied ? '网格已替换' : report.errorCount > 0 ? `发现 ${report.errorCount} 个错误：未替换` : '校验通过（尚未替换）'}
        <small>
          区 {report.counts.districts}，街道 {report.counts.streets}，社区网格 {report.counts.grids}
        </small>
      </h3>
      {report.errorCount === 0 && (
        <p className="gd-imp-note">
          {report.applied ? '已' : '将'}新增 {n(report.added)} 个、更新 {n(report.updated)} 个、删除 {n(report.removed)} 个网格；{n(report.incidentsMoved)} 件案件调整所属网格
          {report.incidentsOutside > 0 && `，${n(report.incidentsOutside)} 件案件位置不在新网格内（保留原网格）`}。
        </p>
      )}
      {report.issues.length > 0 && (
        <div className="gd-imp-table-wrap">
          <table className="gd-imp-table">
            <thead>
              <tr>
                <th>级别</th>
                <th>问题</th>
                <th>说明</th>
                <th>面积</th>
                <th>位置（WGS-84）</th>
              </tr>
            </thead>
            <tbody>
              {report.issues.map((i, k) => (
                <tr key={k} className={i.severity === 'error' ? 'gd-imp-row--error' : undefined}>
                  <td>{i.severity === 'error' ? '错误' : '提示'}</td>
                  <td>{ISSUE_LABELS[i.kind] ?? i.kind}</td>
                  <td>{i.message}</td>
                  <td>{i.areaM2 === null ? '—' : `${n(i.areaM2)} m²`}</td>
                  <td className="gd-mono">{i.location ? `${i.location[0].toFixed(5)}, ${i.location[1].toFixed(5)}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
