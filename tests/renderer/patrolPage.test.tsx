/**
 * 巡查覆盖 against the real host: two GPX tracks imported into the small desk (one ordinary, one with a
 * fix thrown 250 m ahead), then the page: the coverage definition, the week's totals, the grid and person
 * tables, the grid never walked, the flagged track — and the day after, with nothing walked.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../db/import/writer';
import { PatrolPage } from '../../renderer/features/patrol/PatrolPage';
import { sh } from '../helpers/deskFixture';
import { tempDir } from '../helpers/tmp';
import { realHost, type RealHost } from './realHost';

const M_PER_DEG = 111_320;
const KX = M_PER_DEG * Math.cos((28.19 * Math.PI) / 180);

/** A GPX walk north along a meridian of the west grid, a fix every 30 s, from a local time. */
function track(lon: number, start: string, n: number, jumpAt: number | null = null): string {
  const t0 = sh(start);
  const pts = Array.from({ length: n + 1 }, (_, i) => {
    // The jump throws one fix 250 m ahead along the street: the strip walked stays the same.
    const lat = 28.182 + (0.016 * i) / n + (i === jumpAt ? 250 / M_PER_DEG : 0);
    return `<trkpt lat="${lat.toFixed(7)}" lon="${lon.toFixed(7)}"><time>${new Date(t0 + i * 30_000).toISOString()}</time></trkpt>`;
  });
  return `<trk><name>巡查</name><trkseg>${pts.join('')}</trkseg></trk>`;
}

async function importTracks(host: RealHost): Promise<void> {
  const dir = tempDir();
  const file = path.join(dir, 'day.gpx');
  fs.writeFileSync(
    file,
    `<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1"><metadata><author><name>王建国</name></author></metadata>
${track(113.004, '2026-11-23T09:00', 60)}
${track(113.007, '2026-11-23T15:00', 60, 30)}
</gpx>`,
  );
  const r = await runImport(host.f.db, { file, fileName: 'day.gpx', crs: 'wgs84', photoDir: dir, attachmentsDir: path.join(dir, 'a'), now: sh('2026-11-24T08:00') });
  expect(r).toMatchObject({ patrols: 2 });
}

describe('巡查覆盖 page', () => {
  it('states the coverage definition and shows the week per grid and per person, the unwalked grid and the flagged track', async () => {
    const host = realHost('2026-11-24T09:00');
    await importTracks(host);
    host.renderAs(<PatrolPage today="2026-11-24" />, host.f.operators.supervisor);

    const definition = await screen.findByLabelText('覆盖率定义');
    expect(definition.textContent).toMatch(/25 米以内的面积占网格面积的比例/);
    expect(screen.getByText('2026-11-23 至 2026-11-29')).toBeTruthy();

    // Two strips 50 m wide over 1,781 m of a 981 m × 2,226 m grid: 2 × 50 × 1,781 (+ round ends) ÷ grid ≈ 8.3 %.
    const grids = await screen.findByRole('table', { name: '各网格巡查覆盖' });
    const west = within(grids).getByRole('link', { name: '识字岭社区第1网格' }).closest('tr')!;
    const share = Number(/^([\d.]+)%$/.exec(within(west).getAllByRole('cell')[5]!.textContent ?? '')![1]);
    const expected = ((2 * (50 * 0.016 * M_PER_DEG + Math.PI * 625)) / (0.01 * KX * 0.02 * M_PER_DEG)) * 100;
    expect(Math.abs(share - expected)).toBeLessThan(0.15);
    expect(within(west).getAllByRole('cell')[4]!.textContent).toBe('2');
    const east = within(grids).getByRole('link', { name: '识字岭社区第2网格' }).closest('tr')!;
    expect(east.textContent).toMatch(/0\.0%/);
    expect(east.textContent).toMatch(/从未/);

    const persons = screen.getByRole('table', { name: '各人员巡查' });
    const wang = within(persons).getByText('王建国').closest('tr')!;
    expect(within(wang).getAllByRole('cell')[3]!.textContent).toBe('2');
    expect(within(wang).getAllByRole('cell')[7]!.textContent).toBe('1');

    const unwalked = await screen.findByRole('list', { name: '未巡查网格' });
    expect(within(unwalked).getByText('识字岭社区第2网格')).toBeTruthy();
    expect(within(unwalked).getByText('从未巡查')).toBeTruthy();
    expect(within(unwalked).queryByText('识字岭社区第1网格')).toBeNull();

    const flagged = screen.getByRole('list', { name: '可疑轨迹' });
    expect(within(flagged).getByText('轨迹跳点')).toBeTruthy();
    expect(flagged.textContent).toMatch(/2 处相邻定位点相距超过 200 米/);

    // The next day: nothing walked, the grid's last walk still named.
    fireEvent.click(screen.getByRole('button', { name: '日' }));
    fireEvent.change(screen.getByLabelText('日期'), { target: { value: '2026-11-24' } });
    await waitFor(() => expect(screen.getByText('本期没有巡查轨迹。请在“导入”中导入巡查员的 GPX 轨迹。')).toBeTruthy());
    const dayGrids = screen.getByRole('table', { name: '各网格巡查覆盖' });
    const westDay = within(dayGrids).getByRole('link', { name: '识字岭社区第1网格' }).closest('tr')!;
    expect(westDay.textContent).toMatch(/0\.0%/);
    expect(westDay.textContent).toMatch(/2026-11-23/);
  });
});
