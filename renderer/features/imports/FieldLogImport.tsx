import { useState } from 'react';
import type { CoordinateSystem, FieldMapping, ImportField, ImportPreview, ImportSourceRef } from '../../../electron/contract';
import { ApiError, type ApiErrorKind, toApiError } from '../../api/client';
import { useApi } from '../../api/useApi';
import { useCall, useWrite } from '../../api/useCall';
import { TEXT_LIMITS } from '../../../db/domain/limits';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Spinner } from '../../ui/Spinner';
import { FileChooser } from './FileChooser';
import { ImportProgress } from './ImportProgress';
import { ImportResultView } from './ImportResultView';
import { MappingEditor } from './MappingEditor';
import { CrsSelect } from '../../ui/CrsSelect';
import { ENCODING_LABELS, FIELD_LABELS, FORMAT_LABELS, formatBytes, isHotlineMapping, missingFields, n } from './labels';
import { uploadFile } from './uploadFile';
import { useImportJob } from './useImportJob';

type Encoding = 'auto' | 'utf-8' | 'gb18030';

/**
 * Field logs: choose a file, check the preview and the column mapping, import with progress, see the
 * result. When the import ends, the batches, the cases and every view of them are refreshed (useImportJob).
 */
export function FieldLogImport() {
  const api = useApi();
  const mappings = useCall('imports:mappings', {});
  const saveNamedMapping = useWrite('imports:save-mapping');
  const [source, setSource] = useState<ImportSourceRef | null>(null);
  const [uploading, setUploading] = useState<{ name: string; sent: number; size: number } | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<FieldMapping>({});
  const [crs, setCrs] = useState<CoordinateSystem>('wgs84');
  const [encoding, setEncoding] = useState<Encoding>('auto');
  const [sheet, setSheet] = useState<string | undefined>(undefined);
  const [mappingName, setMappingName] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const job = useImportJob();
  const saved = mappings.data ?? [];

  const loadPreview = async (ref: ImportSourceRef, options: { encoding?: Encoding; sheet?: string | undefined } = {}) => {
    setError(null);
    try {
      const p = await api['imports:preview']({ source: ref, encoding: options.encoding ?? encoding, ...(options.sheet ? { sheet: options.sheet } : {}) });
      setPreview(p);
      setMapping(p.mapping);
      setSheet(p.sheet ?? undefined);
    } catch (e) {
      setPreview(null);
      setError(toApiError(e));
    }
  };

  const choose = async (file: File) => {
    job.reset();
    setPreview(null);
    setError(null);
    setUploading({ name: file.name, sent: 0, size: file.size });
    try {
      const uploadId = await uploadFile(api, file, (sent) => setUploading({ name: file.name, sent, size: file.size }));
      const ref = { uploadId };
      setSource(ref);
      setUploading(null);
      await loadPreview(ref, { encoding: 'auto' });
      setEncoding('auto');
    } catch (e) {
      setUploading(null);
      setError(toApiError(e));
    }
  };

  const missing: ImportField[] = preview ? missingFields(mapping) : [];
  const running = job.status?.state === 'running';

  const start = async (dryRun: boolean) => {
    if (!source) return;
    setError(null);
    try {
      job.follow(await api['imports:start']({ source, crs, mapping, dryRun, encoding, ...(sheet ? { sheet } : {}) }));
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const saveMapping = async () => {
    try {
      await saveNamedMapping({ name: mappingName, mapping });
      setMappingName('');
    } catch (e) {
      setError(toApiError(e));
    }
  };

  return (
    <section className="gd-imp-card" aria-labelledby="gd-imp-log">
      <h2 id="gd-imp-log">巡查日志</h2>
      <p className="gd-imp-lead">CSV（UTF-8 或 GBK）、Excel（.xlsx）、GeoJSON 点、Open311 的 requests.json、GPX 航点与轨迹。导入前先预览；每一行都会被接收、拒收（注明原因）或识别为重复。</p>
      <FileChooser
        label="选择文件…"
        accept=".csv,.txt,.tsv,.xlsx,.xlsm,.json,.geojson,.gpx"
        hint={preview ? `${preview.fileName}（${formatBytes(preview.bytes)}）` : '文件只在本机处理，不会上传到外部'}
        disabled={running || uploading !== null}
        onFile={choose}
      />
      {uploading && <Spinner label={`正在读取 ${uploading.name}：${formatBytes(uploading.sent)} / ${formatBytes(uploading.size)}`} />}
      {error && <ErrorNotice error={error} action="导入" />}
      {mappings.error && <ErrorNotice error={mappings.error} action="读取已保存的对应关系" onRetry={mappings.reload} />}
      {preview && (
        <>
          <div className="gd-imp-facts">
            <span>格式：{FORMAT_LABELS[preview.format] ?? preview.format}</span>
            {preview.encoding && <span>编码：{ENCODING_LABELS[preview.encoding] ?? preview.encoding}</span>}
            {preview.delimiter && <span>分隔符：{preview.delimiter === '\t' ? '制表符' : preview.delimiter === ';' ? '分号' : '逗号'}</span>}
            {preview.tracks > 0 && <span>轨迹：{n(preview.tracks)} 条</span>}
            {preview.savedMapping && <span>已套用保存的对应关系「{preview.savedMapping}」</span>}
          </div>
          <div className="gd-imp-options">
            <label>
              坐标系
              <CrsSelect className="" value={crs} onChange={setCrs} />
            </label>
            {preview.format === 'csv' && (
              <label>
                文字编码
                <select
                  value={encoding}
                  aria-label="文字编码"
                  onChange={(e) => {
                    const next = e.target.value as Encoding;
                    setEncoding(next);
                    if (source) void loadPreview(source, { encoding: next });
                  }}
                >
                  <option value="auto">自动识别</option>
                  <option value="utf-8">UTF-8</option>
                  <option value="gb18030">GBK/GB18030</option>
                </select>
              </label>
            )}
            {preview.sheets.length > 1 && (
              <label>
                工作表
                <select
                  value={sheet ?? ''}
                  aria-label="工作表"
                  onChange={(e) => {
                    setSheet(e.target.value);
                    if (source) void loadPreview(source, { sheet: e.target.value });
                  }}
                >
                  {preview.sheets.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </select>
              </label>
            )}
            {saved.length > 0 && (
              <label>
                套用对应关系
                <select value="" aria-label="套用已保存的对应关系" onChange={(e) => setMapping(saved.find((m) => String(m.id) === e.target.value)?.mapping ?? mapping)}>
                  <option value="">选择…</option>
                  {saved.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
          <h3 className="gd-imp-subhead">列对应关系</h3>
          <MappingEditor headers={preview.headers} mapping={mapping} missing={missing} onChange={setMapping} />
          <div className="gd-imp-save-mapping">
            <input value={mappingName} onChange={(e) => setMappingName(e.target.value)} placeholder="为这套对应关系起个名字，例如：某品牌手持机" aria-label="对应关系名称" maxLength={TEXT_LIMITS.name} />
            <button type="button" className="gd-button gd-button--small" disabled={!mappingName.trim()} onClick={saveMapping}>
              保存对应关系
            </button>
          </div>
          <h3 className="gd-imp-subhead">前 {preview.rows.length} 行预览</h3>
          <div className="gd-imp-table-wrap gd-imp-preview">
            <table className="gd-imp-table">
              <thead>
                <tr>
                  {preview.headers.map((h) => {
                    const field = Object.entries(mapping).find(([, v]) => v === h)?.[0] as keyof typeof FIELD_LABELS | undefined;
                    return (
                      <th key={h}>
                        {h}
                        {field && <span className="gd-imp-tag">{FIELD_LABELS[field]}</span>}
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r, i) => (
                  <tr key={i}>
                    {r.map((c, k) => (
                      <td key={k} title={c.length > 40 ? c.slice(0, 500) : undefined}>{c.length > 40 ? `${c.slice(0, 40)}…` : c}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.notes.length > 0 && (
            <ul className="gd-imp-notes">
              {preview.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
          {missing.length > 0 && (
            <p className="gd-imp-missing" role="alert">
              还缺少：{missing.map((f) => FIELD_LABELS[f]).join('、')}。请为它们选择对应的列（位置也可以只给网格编码）。
            </p>
          )}
          <div className="gd-imp-actions">
            <button type="button" className="gd-button gd-button--primary" disabled={running || missing.length > 0} onClick={() => start(false)}>
              开始导入
            </button>
            <button type="button" className="gd-button" disabled={running || missing.length > 0} onClick={() => start(true)}>
              试导入（只检查，不写入）
            </button>
          </div>
        </>
      )}
      {job.status?.state === 'running' && <ImportProgress status={job.status} onCancel={job.cancel} />}
      {job.status?.state === 'cancelled' && <p className="gd-imp-note" role="status">导入已取消，数据库未作任何修改。</p>}
      {job.status?.state === 'failed' && job.status.error && (
        <ErrorNotice error={new ApiError(job.status.error.kind as ApiErrorKind, job.status.error.message)} action="导入" />
      )}
      {job.error && <ErrorNotice error={job.error} action="查询导入进度" />}
      {job.status?.state === 'done' && job.status.result && <ImportResultView result={job.status.result} isHotline={isHotlineMapping(mapping)} />}
    </section>
  );
}
