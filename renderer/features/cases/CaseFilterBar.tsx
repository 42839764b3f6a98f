import type { Ref } from 'react';
import { INCIDENT_STATUSES, OPEN_STATUSES, STATUS_LABELS, type Category } from '../../../electron/contract';
import { SOURCE_LABELS } from '../../../db/domain/labels';
import { MultiSelect } from '../../ui/MultiSelect';
import { Select } from '../../ui/SelectField';
import { PersonSelect } from '../persons/PersonSelect';
import { EMPTY_QUERY, SORTS, SOURCES, hasFilters, type CaseQuery } from './caseQuery';
import { SearchBox } from './SearchBox';
import type { CaseFilterOptions } from './useCaseFilterOptions';

interface CaseFilterBarProps {
  readonly query: CaseQuery;
  readonly options: CaseFilterOptions;
  readonly onChange: (query: CaseQuery, replace?: boolean) => void;
  readonly searchRef: Ref<HTMLInputElement>;
}

const STATUS_OPTIONS = INCIDENT_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }));
const SOURCE_OPTIONS = SOURCES.map((s) => ({ value: s, label: SOURCE_LABELS[s] }));
const STATUS_PRESETS = [
  { label: '在办', value: OPEN_STATUSES },
  { label: '待核查', value: ['handled'] as const },
];

/** Deadline choices: overdue, or due within N hours. */
const DEADLINES: readonly { id: string; label: string }[] = [
  { id: '', label: '全部期限' },
  { id: 'overdue', label: '已超期' },
  { id: '4', label: '4 小时内到期' },
  { id: '24', label: '24 小时内到期' },
  { id: '72', label: '3 天内到期' },
];

const KIND_LABEL: Record<Category['kind'], string> = { event: '事件', component: '部件' };
const SORT_OPTIONS = SORTS.map((s) => ({ value: s.id, label: s.label }));
const DEADLINE_OPTIONS = DEADLINES.map((d) => ({ value: d.id, label: d.label }));

/** Categories are chosen by id, streets and grids by code. */
const byId = (items: readonly { id: number; name: string }[]) => items.map((i) => ({ value: String(i.id), label: i.name }));
const byCode = (items: readonly { code: string; name: string }[]) => items.map((i) => ({ value: i.code, label: i.name }));

/** Every filter of the case list; each change is one new view (and one new address). */
export function CaseFilterBar({ query, options, onChange, searchRef }: CaseFilterBarProps) {
  const set = (patch: Partial<CaseQuery>, replace = false) => onChange({ ...query, ...patch }, replace);
  const category = query.categoryId !== null ? options.categoryById.get(query.categoryId) : undefined;
  const bigId = category ? (category.level === 1 ? category.id : category.parentId) : null;
  const smallClasses = bigId !== null ? (options.smallByParent.get(bigId) ?? []) : [];
  // A grid alone in the address (a link from the map) still shows its street.
  const streetCode = query.streetCode ?? (query.gridCode ? (options.gridByCode.get(query.gridCode)?.parentCode ?? null) : null);
  const grids = streetCode ? (options.gridsByStreet.get(streetCode) ?? []) : [];
  const deadline = query.overdue ? 'overdue' : query.dueWithinHours !== null ? String(query.dueWithinHours) : '';

  return (
    <div className="gd-casefilters" role="search" aria-label="案件筛选">
      <SearchBox
        value={query.text}
        inputRef={searchRef}
        placeholder="搜索编号、描述或地址"
        onChange={(text) => set({ text }, true)}
      />
      <MultiSelect
        label="状态"
        options={STATUS_OPTIONS}
        value={query.statuses}
        presets={STATUS_PRESETS}
        onChange={(statuses) => set({ statuses })}
      />
      <Select
        label="大类"
        isSmall
        placeholder="全部大类"
        options={(['event', 'component'] as const).map((kind) => ({
          label: KIND_LABEL[kind],
          options: byId(options.bigClasses.filter((c) => c.kind === kind)),
        }))}
        value={bigId === null ? '' : String(bigId)}
        onChange={(v) => set({ categoryId: v ? Number(v) : null })}
      />
      <Select
        label="小类"
        isSmall
        isDisabled={bigId === null}
        placeholder={bigId === null ? '小类（先选大类）' : '全部小类'}
        options={byId(smallClasses)}
        value={category?.level === 2 ? String(category.id) : ''}
        onChange={(v) => set({ categoryId: v ? Number(v) : bigId })}
      />
      <Select
        label="街道"
        isSmall
        placeholder="全部街道"
        options={byCode(options.streets)}
        value={streetCode ?? ''}
        onChange={(v) => set({ streetCode: v || null, gridCode: null })}
      />
      <Select
        label="网格"
        isSmall
        isDisabled={!streetCode}
        placeholder={streetCode ? '全部网格' : '网格（先选街道）'}
        options={byCode(grids)}
        value={query.gridCode ?? ''}
        onChange={(v) => set({ streetCode, gridCode: v || null })}
      />
      <PersonSelect
        className="gd-select gd-select--small"
        label="责任人"
        persons={options.persons}
        value={query.assignee === null ? '' : String(query.assignee)}
        onChange={(v) => set({ assignee: v === '' ? null : v === 'unassigned' ? 'unassigned' : Number(v) })}
        leading={
          <>
            <option value="">全部责任人</option>
            <option value="unassigned">未分配</option>
          </>
        }
      />
      <MultiSelect label="来源" options={SOURCE_OPTIONS} value={query.sources} onChange={(sources) => set({ sources })} />
      <Select
        label="期限"
        isSmall
        className={query.overdue ? 'is-overdue-filter' : undefined}
        options={DEADLINE_OPTIONS}
        value={deadline}
        onChange={(v) => set({ overdue: v === 'overdue', dueWithinHours: v && v !== 'overdue' ? Number(v) : null })}
      />
      <span className="gd-casefilters__dates">
        <input
          type="date"
          className="gd-input gd-input--small"
          aria-label="上报日期从"
          value={query.from ?? ''}
          max={query.to ?? undefined}
          onChange={(e) => set({ from: e.target.value || null })}
        />
        <span className="gd-muted">至</span>
        <input
          type="date"
          className="gd-input gd-input--small"
          aria-label="上报日期至"
          value={query.to ?? ''}
          min={query.from ?? undefined}
          onChange={(e) => set({ to: e.target.value || null })}
        />
      </span>
      <Select label="排序" isSmall options={SORT_OPTIONS} value={query.sort} onChange={(sort) => set({ sort })} />
      {query.bbox && (
        <span className="gd-chip gd-casefilters__bbox" title={`经度 ${query.bbox[0]}–${query.bbox[2]}，纬度 ${query.bbox[1]}–${query.bbox[3]}（WGS-84）`}>
          地图框选范围
          <button type="button" className="gd-linkbutton" aria-label="取消框选范围" onClick={() => set({ bbox: null })}>
            ×
          </button>
        </span>
      )}
      {query.ids && (
        <span className="gd-chip gd-casefilters__bbox" title="从考核得分等处链接来的案件，仅显示这些案件">
          指定的 {query.ids.length} 件案件
          <button type="button" className="gd-linkbutton" aria-label="取消指定案件" onClick={() => set({ ids: null })}>
            ×
          </button>
        </span>
      )}
      {hasFilters(query) && (
        <button type="button" className="gd-linkbutton gd-casefilters__clear" onClick={() => onChange({ ...EMPTY_QUERY, sort: query.sort })}>
          清除筛选
        </button>
      )}
    </div>
  );
}
