import { IMPORT_FIELDS, type FieldMapping, type ImportField } from '../../../electron/contract';
import { FIELD_LABELS } from './labels';

const REQUIRED: readonly ImportField[] = ['reportedAt', 'category'];

interface MappingEditorProps {
  readonly headers: readonly string[];
  readonly mapping: FieldMapping;
  readonly missing: readonly ImportField[];
  readonly onChange: (mapping: FieldMapping) => void;
}

/** One select per GridDesk field: which column of the file holds it. */
export function MappingEditor({ headers, mapping, missing, onChange }: MappingEditorProps) {
  return (
    <div className="gd-imp-mapping" role="group" aria-label="列对应关系">
      {IMPORT_FIELDS.map((field) => (
        <label key={field} className={missing.includes(field) ? 'gd-imp-mapping__item gd-imp-mapping__item--missing' : 'gd-imp-mapping__item'}>
          <span>
            {FIELD_LABELS[field]}
            {REQUIRED.includes(field) && <em>必填</em>}
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
      ))}
    </div>
  );
}
