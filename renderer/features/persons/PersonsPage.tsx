import { useMemo, useState, type ReactNode } from 'react';
import { canEditReferenceData } from '../../domain/permissions';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { useCaseFilterOptions } from '../cases/useCaseFilterOptions';
import { useOperator } from '../session/useOperator';
import { AddPersonDialog } from './AddPersonDialog';
import { PersonPanel } from './PersonPanel';
import { PersonTable } from './PersonTable';
import { ReassignDialog } from './ReassignDialog';
import { usePersonsData, type PersonRow } from './usePersonsData';
import { PeopleViewSwitch, type PeopleView } from '../units/PeopleViewSwitch';
import { UnitsView } from '../units/UnitsView';
import './persons.css';

type PersonSort = 'name' | 'open' | 'overdue';

const SORTERS: Record<PersonSort, (a: PersonRow, b: PersonRow) => number> = {
  name: (a, b) => Number(b.person.isActive) - Number(a.person.isActive) || a.person.name.localeCompare(b.person.name, 'zh-CN'),
  open: (a, b) => (b.workload?.open ?? 0) - (a.workload?.open ?? 0),
  overdue: (a, b) => (b.workload?.overdue ?? 0) - (a.workload?.overdue ?? 0) || (b.workload?.open ?? 0) - (a.workload?.open ?? 0),
};

/** 人员: responsible persons, their duties and workload; add, activate, give or end duties, reassign. Beside it, 责任单位. */
export function PersonsPage() {
  const { operator } = useOperator();
  const [view, setView] = useState<PeopleView>('persons');
  const switcher = <PeopleViewSwitch view={view} onChange={setView} operator={operator} />;
  return view === 'units' ? <UnitsView operator={operator} switcher={switcher} /> : <PersonsView switcher={switcher} />;
}

function PersonsView({ switcher }: { switcher: ReactNode }) {
  const data = usePersonsData();
  const options = useCaseFilterOptions();
  const { operator } = useOperator();
  const [query, setQuery] = useState('');
  const [activeOnly, setActiveOnly] = useState(true);
  const [sort, setSort] = useState<PersonSort>('name');
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [dialog, setDialog] = useState<'add' | 'reassign' | null>(null);

  const rows = useMemo(() => {
    const q = query.trim();
    const list = (data.rows ?? []).filter(
      ({ person }) =>
        (!activeOnly || person.isActive) &&
        (!q ||
          person.name.includes(q) ||
          (person.unitName ?? person.organization ?? '').includes(q) ||
          (person.phone ?? '').includes(q) ||
          person.duties.some((d) => d.gridName.includes(q) || d.gridCode.includes(q))),
    );
    return [...list].sort(SORTERS[sort]);
  }, [data.rows, query, activeOnly, sort]);
  const selected = data.rows?.find((r) => r.person.id === selectedId) ?? null;
  const totals = useMemo(
    () => ({
      active: (data.rows ?? []).filter((r) => r.person.isActive).length,
      overdue: (data.rows ?? []).reduce((n, r) => n + (r.workload?.overdue ?? 0), 0),
    }),
    [data.rows],
  );

  return (
    <div className="gd-persons">
      <header className="gd-pagehead">
        <h1>人员</h1>
        {switcher}
        {data.rows && (
          <span className="gd-pagehead__meta">
            共 {data.rows.length} 人，在岗 {totals.active} 人
            {totals.overdue > 0 && <span className="gd-tone--overdue">，超期未结 {totals.overdue} 件</span>}
          </span>
        )}
        <span className="gd-pagehead__spacer" />
        <label className="gd-search gd-persons__search">
          <Icon name="search" size={15} />
          <input
            type="search"
            value={query}
            placeholder="搜索姓名、单位、电话或网格"
            aria-label="搜索人员"
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        <select className="gd-select gd-select--small" aria-label="排序" value={sort} onChange={(e) => setSort(e.target.value as PersonSort)}>
          <option value="name">按姓名</option>
          <option value="open">在办最多</option>
          <option value="overdue">超期最多</option>
        </select>
        <label className="gd-check">
          <input type="checkbox" checked={activeOnly} onChange={(e) => setActiveOnly(e.target.checked)} />
          仅显示在岗
        </label>
        <button
          type="button"
          className="gd-button gd-button--accent"
          disabled={!canEditReferenceData(operator)}
          title={canEditReferenceData(operator) ? undefined : '需监督员或管理员操作'}
          onClick={() => setDialog('add')}
        >
          <Icon name="plus" size={15} />
          添加人员
        </button>
      </header>
      <div className="gd-persons__body">
        {data.error ? (
          <div className="gd-persons__notice">
            <ErrorNotice error={data.error} action="读取人员" onRetry={data.reload} />
          </div>
        ) : data.rows ? (
          <PersonTable rows={rows} selectedId={selectedId} onSelect={setSelectedId} />
        ) : (
          <div className="gd-persons__notice">
            <Spinner label="正在读取人员…" />
          </div>
        )}
        {selected && (
          <PersonPanel
            row={selected}
            operator={operator}
            options={options}
            onReassign={() => setDialog('reassign')}
            onClose={() => setSelectedId(null)}
          />
        )}
      </div>
      {dialog === 'add' && (
        <AddPersonDialog
          onAdded={(id) => {
            setDialog(null);
            setSelectedId(id);
          }}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog === 'reassign' && selected && (
        <ReassignDialog
          from={selected.person}
          openCount={selected.workload?.open ?? 0}
          persons={(data.rows ?? []).map((r) => r.person)}
          onDone={() => setDialog(null)}
          onCancel={() => setDialog(null)}
        />
      )}
    </div>
  );
}
