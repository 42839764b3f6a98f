import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { GridTreePanel } from '../../renderer/features/grids/GridTreePanel';
import { GRID_CODES, TREE } from './fixtures';

function row(name: string): HTMLElement {
  const label = screen.getByText(name, { selector: '.gd-tree__label' });
  const item = label.closest<HTMLElement>('[role="treeitem"]');
  if (!item) throw new Error(`no tree row for ${name}`);
  return item;
}

function counts(item: HTMLElement) {
  return {
    open: within(item).getByTitle('在办案件').textContent,
    overdue: within(item).getByTitle('超期未结'),
  };
}

describe('GridTreePanel', () => {
  it('shows the district with its streets, and open and overdue counts on every node', () => {
    render(<GridTreePanel root={TREE} selectedCode={null} onSelect={vi.fn()} />);
    expect(screen.getByText('2 个街道 · 3 个社区网格')).toBeInTheDocument();

    const district = row('芙蓉区');
    expect(district).toHaveAttribute('aria-expanded', 'true');
    expect(counts(district).open).toBe('12');
    expect(counts(district).overdue).toHaveTextContent('3');
    expect(counts(district).overdue).toHaveClass('is-overdue');

    const west = row('文艺路街道');
    expect(west).toHaveAttribute('aria-expanded', 'false');
    expect(counts(west).open).toBe('8');
    expect(counts(west).overdue).toHaveTextContent('2');
    // Grids stay folded until their street is opened.
    expect(screen.queryByText('识字岭社区第一网格')).not.toBeInTheDocument();
  });

  it('expands a street to show its grids; a grid without overdue cases is not red', () => {
    render(<GridTreePanel root={TREE} selectedCode={null} onSelect={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: '展开文艺路街道' }));
    expect(row('文艺路街道')).toHaveAttribute('aria-expanded', 'true');

    const second = row('识字岭社区第二网格');
    expect(counts(second).open).toBe('3');
    expect(counts(second).overdue).toHaveTextContent('0');
    expect(counts(second).overdue).not.toHaveClass('is-overdue');
    expect(counts(row('识字岭社区第一网格')).overdue).toHaveClass('is-overdue');

    fireEvent.click(screen.getByRole('button', { name: '收起文艺路街道' }));
    expect(screen.queryByText('识字岭社区第二网格')).not.toBeInTheDocument();
  });

  it('filters by name and opens the branches that hold the hits', () => {
    render(<GridTreePanel root={TREE} selectedCode={null} onSelect={vi.fn()} />);
    fireEvent.change(screen.getByRole('searchbox', { name: '搜索网格名称或编码' }), { target: { value: '东茅街' } });

    expect(screen.getByText('找到 1 个')).toBeInTheDocument();
    expect(row('东茅街社区第一网格')).toBeInTheDocument();
    expect(row('朝阳街街道')).toHaveAttribute('aria-expanded', 'true');
    expect(screen.queryByText('文艺路街道')).not.toBeInTheDocument();
    expect(screen.queryByText('识字岭社区第一网格')).not.toBeInTheDocument();
  });

  it('filters by code and shows the codes of the rows', () => {
    render(<GridTreePanel root={TREE} selectedCode={null} onSelect={vi.fn()} />);
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: '001001002' } });

    expect(row('识字岭社区第二网格')).toHaveTextContent(GRID_CODES[1]);
    expect(screen.queryByText('识字岭社区第一网格')).not.toBeInTheDocument();
    expect(screen.queryByText('朝阳街街道')).not.toBeInTheDocument();
  });

  it('says so when nothing matches, and clearing the search brings the tree back', () => {
    render(<GridTreePanel root={TREE} selectedCode={null} onSelect={vi.fn()} />);
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: '不存在的社区' } });
    expect(screen.getByText('没有名称或编码包含“不存在的社区”的网格')).toBeInTheDocument();
    expect(screen.queryByRole('treeitem')).not.toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: '清除搜索' }));
    expect(row('芙蓉区')).toBeInTheDocument();
    expect(row('朝阳街街道')).toBeInTheDocument();
  });

  it('reports the clicked node and opens the branch of a selection made elsewhere', () => {
    const onSelect = vi.fn();
    const { rerender } = render(<GridTreePanel root={TREE} selectedCode={null} onSelect={onSelect} />);
    fireEvent.click(screen.getByRole('button', { name: '朝阳街街道' }));
    expect(onSelect).toHaveBeenCalledWith(expect.objectContaining({ code: TREE.children[1]!.code, level: 2 }));

    rerender(<GridTreePanel root={TREE} selectedCode={GRID_CODES[0]} onSelect={onSelect} />);
    expect(row('识字岭社区第一网格')).toHaveAttribute('aria-selected', 'true');
    expect(row('文艺路街道')).toHaveAttribute('aria-expanded', 'true');
  });
});
