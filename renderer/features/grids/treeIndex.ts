import type { GridTreeNode } from '../../../electron/contract';

export interface TreeEntry {
  readonly node: GridTreeNode;
  readonly parent: GridTreeNode | null;
}

/** Every node of the tree by code, with its parent. */
export function indexTree(root: GridTreeNode): Map<string, TreeEntry> {
  const index = new Map<string, TreeEntry>();
  const visit = (node: GridTreeNode, parent: GridTreeNode | null) => {
    index.set(node.code, { node, parent });
    for (const child of node.children) visit(child, node);
  };
  visit(root, null);
  return index;
}

/** Codes of the ancestors of `code`, nearest first; empty for the root or an unknown code. */
export function ancestorCodes(index: Map<string, TreeEntry>, code: string): string[] {
  const codes: string[] = [];
  for (let entry = index.get(code); entry?.parent; entry = index.get(entry.parent.code)) {
    codes.push(entry.parent.code);
  }
  return codes;
}

export interface FilteredTree {
  /** The tree cut down to matching nodes and their ancestors; null when nothing matches. */
  readonly root: GridTreeNode | null;
  /** Nodes to show expanded: those with a match below them. */
  readonly expanded: ReadonlySet<string>;
  readonly matchCount: number;
}

/**
 * Filters by name (substring, case-insensitive) or code (substring). A matching node keeps all its
 * children, so finding a street still lets you open its grids; nodes with a match below them open.
 */
export function filterTree(root: GridTreeNode, query: string): FilteredTree {
  const q = query.trim().toLowerCase();
  if (q === '') return { root, expanded: new Set(), matchCount: 0 };
  const expanded = new Set<string>();
  let matchCount = 0;
  const visit = (node: GridTreeNode): GridTreeNode | null => {
    const isMatch = node.name.toLowerCase().includes(q) || node.code.includes(q);
    if (isMatch) matchCount += 1;
    const children = node.children.map(visit).filter((c): c is GridTreeNode => c !== null);
    if (children.length > 0) expanded.add(node.code);
    if (isMatch) return node;
    return children.length > 0 ? { ...node, children } : null;
  };
  const filtered = visit(root);
  return { root: filtered, expanded, matchCount };
}
