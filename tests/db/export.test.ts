import fs from 'node:fs';
import { logSettingsChange } from '../../db/trust/settingsLog';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createIncident, transitionIncident } from '../../db/queries/caseWorkflow';
import { exportCases, neutralise } from '../../db/export/cases';
import { deskFixture, sh } from '../helpers/deskFixture';
import { tempDir } from '../helpers/tmp';

const NOW = sh('2026-11-25T10:00');

function withCases() {
  const f = deskFixture();
  const evil = createIncident(
    f.db,
    { operatorId: f.operators.supervisor, categoryId: f.categories.garbage, description: '=cmd|\' /C calc\'!A0', address: '@SUM(1+1)', lon: 113.005, lat: 28.19, crs: 'wgs84', source: 'hotline', reporter: '+86 138' },
    NOW - 3_600_000,
  );
  let c = createIncident(f.db, { operatorId: f.operators.supervisor, categoryId: f.categories.vendor, description: '路口流动摊贩, 占道 "经营"\n第二行', lon: 113.015, lat: 28.19, crs: 'wgs84', source: 'patrol' }, NOW - 1_800_000);
  c = transitionIncident(f.db, { incidentId: c.id, action: 'register', expectedVersion: c.version, operatorId: f.operators.supervisor }, NOW - 1_000_000);
  c = transitionIncident(f.db, { incidentId: c.id, action: 'dispatch', expectedVersion: c.version, operatorId: f.operators.supervisor }, NOW - 900_000);
  return { f, evil, c };
}

describe('exports', () => {
  it('neutralises text that a spreadsheet would run as a formula', () => {
    expect(neutralise('=1+1')).toBe("'=1+1");
    expect(neutralise('+86')).toBe("'+86");
    expect(neutralise('-5')).toBe("'-5");
    expect(neutralise('@A1')).toBe("'@A1");
    expect(neutralise('\t=x')).toBe("'\t=x");
    expect(neutralise('暴露垃圾 = 2 堆')).toBe('暴露垃圾 = 2 堆');
  });

  it('CSV: UTF-8 with BOM, quoted fields, neutralised cells, and the event history beside it', async () => {
    const { f } = withCases();
    logSettingsChange(f.db, { operatorId: f.operators.admin, name: '管理员' }, { action: 'stats.rule', target: '统计口径', before: 'standard', after: 'closed-based' }, NOW);
    const file = path.join(tempDir(), 'cases.csv');
    const r = await exportCases(f.db, { format: 'csv', file, filter: {}, now: NOW });
    expect(r).toMatchObject({ cases: 2, events: 4, files: [file, file.replace(/\.csv$/, '.events.csv'), file.replace(/\.csv$/, '.settings.csv')] });
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.split('\r\n')[0]!.split(',').slice(0, 4)).toEqual(['案件编号', '状态', '大类', '小类']);
    expect(text).toContain(",'=cmd|' /C calc'!A0,"); // neutralised; no comma or quote inside, so unquoted
    expect(text).toContain("'@SUM(1+1)");
    expect(text).toContain("'+86 138");
    expect(text).toContain('"路口流动摊贩, 占道 ""经营""\n第二行"');
    const events = fs.readFileSync(r.files[1]!, 'utf8');
    expect(events.charCodeAt(0)).toBe(0xfeff);
    expect(events).toContain('派遣');
    const settings = fs.readFileSync(r.files[2]!, 'utf8');
    expect(settings).toContain('管理员,更改统计口径,统计口径,"""standard""","""closed-based""",');
  });

  it('XLSX reopens with the cases and the history on two sheets, formulas neutralised', async () => {
    const { f } = withCases();
    const file = path.join(tempDir(), 'cases.xlsx');
    await exportCases(f.db, { format: 'xlsx', file, filter: {}, now: NOW });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['案件', '处理记录', '设置记录']);
    const sheet = wb.getWorksheet('案件')!;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(1).getCell(1).value).toBe('案件编号');
    const description = sheet.getRow(2).getCell(6);
    expect(description.value).toBe("'=cmd|' /C calc'!A0");
    expect(description.type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getRow(3).getCell(4).value).toBe('无照经营游商');
    expect(wb.getWorksheet('处理记录')!.rowCount).toBe(5);
  });

  it('finding 9: category, grid and street names are neutralised too, in CSV and XLSX', async () => {
    const { f } = withCases();
    f.db.prepare(`UPDATE categories SET name = '=HYPERLINK("http://x","y")' WHERE id = ?`).run(f.categories.garbage);
    f.db.prepare(`UPDATE grids SET name = '+1 网格' WHERE level = 3`).run();
    f.db.prepare(`UPDATE grids SET name = '-街道' WHERE level = 2`).run();
    const dir = tempDir();
    await exportCases(f.db, { format: 'csv', file: path.join(dir, 'c.csv'), filter: {}, now: NOW });
    const text = fs.readFileSync(path.join(dir, 'c.csv'), 'utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(text).toContain("'+1 网格");
    expect(text).toContain("'-街道");
    expect(text).not.toMatch(/(^|,)[=+\-@]/m);
    await exportCases(f.db, { format: 'xlsx', file: path.join(dir, 'c.xlsx'), filter: {}, now: NOW });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'c.xlsx'));
    const values: string[] = [];
    wb.getWorksheet('案件')!.eachRow((row) => row.eachCell((cell) => typeof cell.value === 'string' && values.push(cell.value)));
    expect(values.filter((v) => /^[=+\-@\t\r]/.test(v))).toEqual([]);
    expect(values).toContain('\'=HYPERLINK("http://x","y")');
  });

  it('GeoJSON and Open311 GeoReport v2 parse back with the expected fields', async () => {
    const { f, c } = withCases();
    const dir = tempDir();
    await exportCases(f.db, { format: 'geojson', file: path.join(dir, 'a.geojson'), filter: {}, now: NOW });
    const fc = JSON.parse(fs.readFileSync(path.join(dir, 'a.geojson'), 'utf8'));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(2);
    expect(fc.features[1].geometry).toEqual({ type: 'Point', coordinates: [113.015, 28.19] });
    await exportCases(f.db, { format: 'open311', file: path.join(dir, 'a.json'), filter: { statuses: ['dispatched'] }, now: NOW });
    const requests = JSON.parse(fs.readFileSync(path.join(dir, 'a.json'), 'utf8'));
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      service_request_id: c.caseNo,
      status: 'open',
      service_code: '0401',
      service_name: '无照经营游商',
      lat: 28.19,
      long: 113.015,
    });
    expect(requests[0].requested_datetime).toMatch(/^2026-11-25T09:30:00\+08:00$/);
    expect(requests[0].expected_datetime).toMatch(/\+08:00$/);
  });
});
