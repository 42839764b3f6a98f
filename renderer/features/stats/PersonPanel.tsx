import { useMemo, useState } from 'react';
import type { PersonFigures } from '../../../electron/contract';
import { Icon } from '../../ui/Icon';
import { FigureTable, type FigureColumn } from './FigureTable';
import { Panel } from './Panel';
import { personLink, personOverdueLink } from './caseLinks';
import { countColumn, overdueTone, rateColumn } from './figureColumns';
import { isQuiet } from './figures';

interface PersonPanelProps {
  readonly persons: readonly PersonFigures[];
  readonly week: string;
  readonly onNavigate: (hash: string) => void;
}

/** 责任人: due, closed, on time and overdue per person this week. */
export function PersonPanel({ persons, week, onNavigate }: PersonPanelProps) {
  const [search, setSearch] = useState('');
  const rows = useMemo(() => {
    const q = search.trim();
    const shown = persons.filter((p) => !isQuiet(p) && (!q || p.name.includes(q)));
    // Cases nobody was assigned to (mostly fixed on the spot) are not a person: listed last.
    return [...shown.filter((p) => p.personId !== null), ...shown.filter((p) => p.personId === null)];
  }, [persons, search]);
  const columns = useMemo<FigureColumn<PersonFigures>[]>(
    () => [
      { id: 'name', label: '责任人', isText: true, value: (p) => p.name, link: (p) => personLink(p.personId, week) },
      countColumn('due', '应结案'),
      countColumn('closed', '结案'),
      countColumn('closedOnTime', '按期'),
      countColumn<PersonFigures>('overdueOpen', '超期未结', { tone: overdueTone, link: (p) => (p.overdueOpen > 0 ? personOverdueLink(p.personId) : null) }),
      rateColumn('onTimeRate', '按期结案率'),
    ],
    [week],
  );
  return (
    <Panel
      title="责任人"
      note={`${rows.length} 人`}
      className="gd-stats-panel--persons"
      tools={
        <label className="gd-search gd-stats-search">
          <Icon name="search" size={13} />
          <input type="search" value={search} placeholder="搜索姓名" aria-label="搜索责任人" onChange={(e) => setSearch(e.target.value)} />
        </label>
      }
    >
      <FigureTable
        label="责任人指标"
        rows={rows}
        columns={columns}
        rowKey={(p) => String(p.personId ?? 'unassigned')}
        onRowClick={(p) => onNavigate(personLink(p.personId, week).hash)}
        rowTitle={(p) => `查看${p.name}本周上报的案件`}
        onNavigate={onNavigate}
        maxHeight={372}
        emptyText={search ? '没有匹配的责任人。' : '本周没有分派给责任人的案件。'}
      />
    </Panel>
  );
}
