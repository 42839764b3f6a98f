import { OPEN_STATUSES, type GridTreeNode } from '../../../electron/contract';
import { Icon } from '../../ui/Icon';

const LEVEL_LABEL: Record<GridTreeNode['level'], string> = { 1: '区', 2: '街道', 3: '社区网格' };

interface SelectionCardProps {
  readonly node: GridTreeNode;
  readonly parentName: string | null;
  readonly onClose: () => void;
}

/** What is selected, with its case counts. */
export function SelectionCard({ node, parentName, onClose }: SelectionCardProps) {
  return (
    <section className="gd-selcard" aria-label="当前选择">
      <header className="gd-selcard__head">
        <span className="gd-selcard__level">{LEVEL_LABEL[node.level]}</span>
        <h2 className="gd-selcard__name">{node.name}</h2>
        <button
          type="button"
          className="gd-iconbutton gd-iconbutton--plain"
          onClick={onClose}
          aria-label="取消选择"
          title="取消选择"
        >
          <Icon name="close" size={14} />
        </button>
      </header>
      <div className="gd-selcard__meta">
        编码 <span className="gd-mono">{node.code}</span>
        {parentName && <> · 属 {parentName}</>}
      </div>
      <dl className="gd-selcard__counts">
        <div>
          <dt>在办</dt>
          <dd>{node.openIncidents}</dd>
        </div>
        <div className={node.overdueIncidents > 0 ? 'is-overdue' : undefined}>
          <dt>超期未结</dt>
          <dd>{node.overdueIncidents}</dd>
        </div>
        <div>
          <dt>累计案件</dt>
          <dd>{node.totalIncidents}</dd>
        </div>
      </dl>
      <div className="gd-selcard__links">
        <a href={casesHref(node, `status=${OPEN_STATUSES.join(',')}`)}>查看在办案件</a>
        <a href={casesHref(node, 'overdue=1&sort=due_asc')}>查看超期案件</a>
      </div>
    </section>
  );
}

/** The case list filtered to this street or grid (the district: no place filter). */
function casesHref(node: GridTreeNode, filter: string): string {
  const place = node.level === 2 ? `street=${node.code}&` : node.level === 3 ? `grid=${node.code}&` : '';
  return `#/cases?${place}${filter}`;
}
