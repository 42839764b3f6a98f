import { IMPORT_FIELDS, type FieldMapping, type ImportField } from '../../../electron/contract';
import { FIELD_LABELS, HOTLINE_IMPORT_FIELDS, isHotlineMapping, mappingLabel, requiredFields } from './labels';
import '../hotline/hotline.css';

interface MappingEditorProps {
  readonly headers: readonly string[];
  readonly mapping: FieldMapping;
  readonly missing: readonly ImportField[];
  readonly onChange: (mapping: FieldMapping) => void;
}

const LOG_FIELDS = IMPORT_FIELDS.filter((f) => !HOTLINE_IMPORT_FIELDS.includes(f));

/**
 * One select per GridDesk field: which column of the file holds it. The 12345 order's fields sit in their
 * own group: a column for 工单编号 makes the file a city platform export, which needs fewer columns.
 */
export function MappingEditor({ headers, mapping, missing, onChange }: MappingEditorProps) {
  const isHotline = isHotlineMapping(mapping);
  const required = requiredFields(mapping);
  const item = (field: ImportField) => (
    <label key={field} className={missing.includes(field) ? 'gd-imp-mapping__item gd-imp-mapping__item--missing' : 'gd-imp-mapping__item'}>
      <span>
        {mappingLabel(field, isHotline)}
        {required.includes(field) && <em>必填</em>}
      </span>
      <select
        aria-label={`${FIELD_LABELS[field]}所在列`}
        value={mapping[field] ?? ''}
        onChange={(e) => {
          const next = { ...mapping };
          if (e.target.value) next[field] = e.target.value;
          else delete next[field];
          onChange(next);
        }}
      >
        <option value="">（不导入）</option>
        {headers.map((h) => (
          <option key={h} value={h}>
            {h}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="gd-imp-mappings">
      <div className="gd-imp-mapping" role="group" aria-label="列对应关系">
        {LOG_FIELDS.map(item)}
      </div>
      <div className={`gd-imp-mapping-hotline${isHotline ? ' is-on' : ''}`} role="group" aria-label="12345 工单字段">
        <div className="gd-imp-mapping-hotline__head">
          <strong>12345 工单</strong>
          <span>
            {isHotline
              ? '已按市民服务热线工单导入：每个工单编号只登记一次，工单先待签收；没有坐标时由网格列确定网格，否则签收后由监督员指定。'
              : '城市平台导出的工单表：为「工单编号」选择对应的列，即按 12345 工单导入。'}
          </span>
        </div>
        <div className="gd-imp-mapping">{HOTLINE_IMPORT_FIELDS.map(item)}</div>
      </div>
    </div>
  );
}
