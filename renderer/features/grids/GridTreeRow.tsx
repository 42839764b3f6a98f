import { memo, useEffect, useRef } from 'react';
import type { GridTreeNode } from '../../../electron/contract';
import { Icon } from '../../ui/Icon';

interface GridTreeRowProps {
  readonly node: GridTreeNode;
  readonly depth: number;
  readonly isExpanded: boolean;
  readonly isSelected: boolean;
  readonly showCode: boolean;
  readonly onToggle: (code: string) => void;
  readonly onSelect: (node: GridTreeNode) => void;
}

export const GridTreeRow = memo(function GridTreeRow({
  node,
  depth,
  isExpanded,
  isSelected,
  showCode,
  onToggle,
  onSelect,
}: GridTreeRowProps) {
  const rowRef = useRef<HTMLDivElement>(null);
  const hasChildren = node.children.length > 0;

  useEffect(() => {
    // Selection may come from the map: bring the row into view (jsdom has no scrollIntoView).
    if (isSelected) rowRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [isSelected]);

  return (
    <div
      ref={rowRef}
      role="treeitem"
      aria-level={depth + 1}
      aria-selected={isSelected}
      aria-expanded={hasChildren ? isExpanded : undefined}
      className={`gd-tree__row gd-tree__row--level${node.level}${isSelected ? ' is-selected' : ''}`}
      style={{ paddingLeft: 6 + depth * 16 }}
      data-code={node.code}
    >
      {hasChildren ? (
        <button
          type="button"
          className={`gd-tree__toggle${isExpanded ? ' is-expanded' : ''}`}
          aria-label={`${isExpanded ? '收起' : '展开'}${node.name}`}
          onClick={() => onToggle(node.code)}
        >
          <Icon name="chevron" size={14} />
        </button>
      ) : (
        <span className="gd-tree__toggle-space" />
      )}
      <button
        type="button"
        className="gd-tree__name"
        title={`${node.name}\n编码 ${node.code}`}
        onClick={() => onSelect(node)}
      >
        <span className="gd-tree__label">{node.name}</span>
        {showCode && <span className="gd-tree__code">{node.code}</span>}
      </button>
      <span className="gd-tree__count" title="在办案件">
        {node.openIncidents}
      </span>
      <span
        className={`gd-tree__count gd-tree__count--overdue${node.overdueIncidents > 0 ? ' is-overdue' : ''}`}
        title="超期未结"
      >
        {node.overdueIncidents}
      </span>
    </div>
  );
});
