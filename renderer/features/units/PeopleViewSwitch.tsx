import { mayCall, type DeskOperator } from '../../domain/permissions';

export type PeopleView = 'persons' | 'units';

/** 人员 | 责任单位: the two views of the persons page (the units only for those who may read them). */
export function PeopleViewSwitch({ view, onChange, operator }: { view: PeopleView; onChange: (view: PeopleView) => void; operator: DeskOperator | null }) {
  if (!mayCall('units:list', operator)) return null;
  return (
    <div className="gd-segmented" role="group" aria-label="人员或责任单位">
      <button type="button" className="gd-segmented__item" aria-pressed={view === 'persons'} onClick={() => onChange('persons')}>
        人员
      </button>
      <button type="button" className="gd-segmented__item" aria-pressed={view === 'units'} onClick={() => onChange('units')}>
        责任单位
      </button>
    </div>
  );
}
