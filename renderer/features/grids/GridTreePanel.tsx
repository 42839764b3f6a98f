import { useCallback, useEffect, useMemo, useState } from 'react';
import type { GridTreeNode } from '../../../electron/contract';
import { Icon } from '../../ui/Icon';
import { GridTree } from './GridTree';
import { ancestorCodes, filterTree, indexTree } from './treeIndex';
import './gridTree.css';

interface GridTreePanelProps {
  readonly root: GridTreeNode;
  readonly selectedCode: string | null;
  readonly onSelect: (node: GridTreeNode) => void;
}

/** Search box, column heads and the expandable district → street → grid tree. */
export function GridTreePanel({ root, selectedCode, onSelect }: GridTreePanelProps) {
  const index = useMemo(() => indexTree(root), [root]);
  const [query, setQuery] = useState('');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set([root.code]));

  // A selection made elsewhere (the map, the address) opens the branch that holds it.
  useEffect(() => {
    if (selectedCode === null) return;
    const ancestors = ancestorCodes(index, selectedCode);
    setExpanded((prev) => (ancestors.every((c) => prev.has(c)) ? prev : new Set([...prev, ...ancestors])));
  }, [index, selectedCode]);

  const filtered = useMemo(() => filterTree(root, query), [root, query]);
  const isSearching = query.trim() !== '';

  // While searching, branches with hits open; the user may still fold them until the query changes.
  const [search, setSearch] = useState({ source: filtered, expanded: filtered.expanded });
  if (search.source !== filtered) setSearch({ source: filtered, expanded: filtered.expanded });

  const toggle = useCallback(
    (code: string) => {
      if (isSearching) setSearch((prev) => ({ ...prev, expanded: toggled(prev.expanded, code) }));
      else setExpanded((prev) => toggled(prev, code));
    },
    [isSearching],
  );
  const streets = root.children.length;
  const grids = root.children.reduce((sum, s) => sum + s.children.length, 0);

  return (
    <div className="gd-treepanel">
      <div className="gd-treepanel__head">
        <div className="gd-treepanel__title">
          <span>网格</span>
          <span className="gd-treepanel__summary">
            {streets} 个街道 · {grids} 个社区网格
          </span>
        </div>
        <label className="gd-search">
          <Icon name="search" size={15} />
          <input
            type="search"
            value={query}
            placeholder="搜索网格名称或编码"
            aria-label="搜索网格名称或编码"
            onChange={(e) => setQuery(e.target.value)}
          />
          {query && (
            <button type="button" className="gd-search__clear" aria-label="清除搜索" onClick={() => setQuery('')}>
              <Icon name="close" size={13} />
            </button>
          )}
        </label>
        {isSearching && (
          <div className="gd-treepanel__hits" aria-live="polite">
            {filtered.matchCount > 0
              ? `找到 ${filtered.matchCount} 个`
              : `没有名称或编码包含“${query.trim()}”的网格`}
          </div>
        )}
      </div>
      <div className="gd-tree__columns" aria-hidden="true">
        <span>名称</span>
        <span>在办</span>
        <span>超期</span>
      </div>
      <div className="gd-treepanel__body">
        {filtered.root && (
          <GridTree
            root={filtered.root}
            expanded={isSearching ? search.expanded : expanded}
            selectedCode={selectedCode}
            showCodes={isSearching && /\d/.test(query)}
            onToggle={toggle}
            onSelect={onSelect}
          />
        )}
      </div>
    </div>
  );
}

function toggled(set: ReadonlySet<string>, code: string): ReadonlySet<string> {
  const next = new Set(set);
  if (next.has(code)) next.delete(code);
  else next.add(code);
  return next;
}
