import type { GridTreeNode } from '../../../electron/contract';
import { GridTreeRow } from './GridTreeRow';

interface GridTreeProps {
  readonly root: GridTreeNode;
  readonly expanded: ReadonlySet<string>;
  readonly selectedCode: string | null;
  readonly showCodes: boolean;
  readonly onToggle: (code: string) => void;
  readonly onSelect: (node: GridTreeNode) => void;
}

/** The visible rows in order: a node, then (if expanded) its children, depth-first. */
function visibleRows(root: GridTreeNode, expanded: ReadonlySet<string>) {
  const rows: { node: GridTreeNode; depth: number }[] = [];
  const visit = (node: GridTreeNode, depth: number) => {
    rows.push({ node, depth });
    if (expanded.has(node.code)) for (const child of node.children) visit(child, depth + 1);
  };
  visit(root, 0);
  return rows;
}

export function GridTree({ root, expanded, selectedCode, showCodes, onToggle, onSelect }: GridTreeProps) {
  return (
    <div className="gd-tree" role="tree" aria-label="网格树">
      {visibleRows(root, expanded).map(({ node, depth }) => (
        <GridTreeRow
          key={node.code}
          node={node}
          depth={depth}
          isExpanded={expanded.has(node.code)}
          isSelected={node.code === selectedCode}
          showCode={showCodes}
          onToggle={onToggle}
          onSelect={onSelect}
        />
      ))}
    </div>
  );
}
