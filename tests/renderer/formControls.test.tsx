import { fireEvent, render, screen, within } from '@testing-library/react';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CRS_LABELS } from '../../db/domain/labels';
import { TEXT_LIMITS } from '../../db/domain/limits';
import { CrsSelect } from '../../renderer/ui/CrsSelect';
import { SelectField } from '../../renderer/ui/SelectField';
import { TextField } from '../../renderer/ui/TextField';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('shared form controls', () => {
  it('a text field takes its length limit from the domain, as one line or a textarea', () => {
    const onChange = vi.fn();
    render(
      <>
        <TextField id="a" label="地址" limit="address" value="" onChange={onChange} />
        <TextField id="b" label="理由" limit="note" multiline isRequired error="请填写理由" value="" onChange={vi.fn()} />
      </>,
    );
    const address = screen.getByLabelText('地址');
    expect(address.tagName).toBe('INPUT');
    expect(address).toHaveAttribute('maxLength', String(TEXT_LIMITS.address));
    fireEvent.change(address, { target: { value: '芙蓉中路' } });
    expect(onChange).toHaveBeenCalledWith('芙蓉中路');
    const note = screen.getByLabelText(/理由/);
    expect(note.tagName).toBe('TEXTAREA');
    expect(note).toHaveAttribute('maxLength', String(TEXT_LIMITS.note));
    expect(screen.getByRole('alert')).toHaveTextContent('请填写理由');
  });

  it('a select field lists its options, in groups if given, after an empty choice', () => {
    const onChange = vi.fn();
    render(
      <SelectField
        id="g"
        label="网格"
        placeholder="请选择…"
        options={[{ label: '文艺路街道', options: [{ value: '430102001001001', label: '识字岭社区第一网格' }] }]}
        value=""
        onChange={onChange}
      />,
    );
    const select = screen.getByLabelText('网格');
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['请选择…', '识字岭社区第一网格']);
    expect(within(select).getByRole('group', { name: '文艺路街道' })).toBeInTheDocument();
    fireEvent.change(select, { target: { value: '430102001001001' } });
    expect(onChange).toHaveBeenCalledWith('430102001001001');
  });

  it('the coordinate-system picker names the systems as the domain does, or as a context words them', () => {
    render(
      <>
        <CrsSelect value="wgs84" onChange={vi.fn()} />
        <CrsSelect label="瓦片坐标系" systems={['wgs84', 'gcj02']} labels={{ wgs84: 'WGS-84 / CGCS2000' }} value="gcj02" onChange={vi.fn()} />
      </>,
    );
    const all = screen.getByRole('combobox', { name: '坐标系' });
    expect(within(all).getAllByRole('option').map((o) => o.textContent)).toEqual([CRS_LABELS.wgs84, CRS_LABELS.gcj02, CRS_LABELS.bd09]);
    const tiles = screen.getByRole('combobox', { name: '瓦片坐标系' });
    expect(within(tiles).getAllByRole('option').map((o) => o.textContent)).toEqual(['WGS-84 / CGCS2000', CRS_LABELS.gcj02]);
    expect(tiles).toHaveValue('gcj02');
  });

  it('no length limit is written as a number in the renderer: they come from TEXT_LIMITS', () => {
    const offenders = sourceFiles(join(__dirname, '../../renderer')).filter((file) => /maxLength=\{\s*\d/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
