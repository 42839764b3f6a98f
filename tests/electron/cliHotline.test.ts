/**
 * The command line's 12345 export back to the city platform, on the demo district.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { tempDir } from '../helpers/tmp';

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('hotline-export', () => {
  it("writes the platform's columns for the orders closed or returned in the dates, and names bad arguments", async () => {
    const dir = tempDir();
    const db = path.join(dir, 'demo.sqlite');
    expect((await cli('init', '--db', db, '--demo', '--incidents', '1500', '--until', '2026-11-25')).code).toBe(0);
    const out = path.join(dir, '12345.xlsx');
    const r = await cli('hotline-export', '--db', db, '--from', '2026-11-16', '--to', '2026-11-22', '--out', out, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { orders: number; closed: number; returned: number };
    expect(summary.orders).toBeGreaterThan(5);
    expect(summary.closed + summary.returned).toBe(summary.orders);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const rows = book.worksheets[0]!.getSheetValues().slice(1) as unknown[][];
    expect(rows[0]!.slice(1)).toEqual(['工单编号', '办理结果', '答复内容', '办结时间', '回访结果']);
    expect(rows).toHaveLength(summary.orders + 1);
    for (const row of rows.slice(1)) {
      expect(String(row[1])).toMatch(/^GD\d{13}$/);
      expect(['已办结', '退单']).toContain(row[2]);
      expect(String(row[4])).toMatch(/^2026-11-(1[6-9]|2[0-2]) \d\d:\d\d:\d\d$/);
    }
    // No caller data leaves in it: no names, no phone numbers.
    const cells = rows.flat().map(String).join('\n');
    expect(cells).not.toMatch(/先生|女士|1[3-9]\d{9}/);

    const bad = await cli('hotline-export', '--db', db, '--from', '2026-11-16', '--to', '2026-11-22', '--out', path.join(dir, 'x.csv'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--out 应以 \.xlsx 结尾/);
    const noDates = await cli('hotline-export', '--db', db, '--out', out);
    expect(noDates.stderr).toMatch(/缺少 --from 和 --to/);
    const reversed = await cli('hotline-export', '--db', db, '--from', '2026-11-22', '--to', '2026-11-16', '--out', out);
    expect(reversed.stderr).toMatch(/结束日期早于开始日期/);
  });
});
