import { describe, expect, it } from 'vitest';
import { EMPTY_QUERY, formatCaseQuery, hasFilters, parseCaseQuery, toIncidentFilter } from '../../renderer/features/cases/caseQuery';
import { hrefFor, parseHash } from '../../renderer/app/routes';

describe('case list filters in the hash', () => {
  it('reads the documented example', () => {
    const q = parseCaseQuery('status=dispatched,handling&street=430102001000000&overdue=1&q=垃圾&sort=due_asc');
    expect(q).toMatchObject({
      statuses: ['dispatched', 'handling'],
      streetCode: '430102001000000',
      overdue: true,
      text: '垃圾',
      sort: 'due_asc',
    });
  });

  it('writes every filter and reads it back unchanged', () => {
    const q = {
      ...EMPTY_QUERY,
      statuses: ['reported', 'handled'] as const,
      categoryId: 2,
      streetCode: '430102001000000',
      gridCode: '430102001001001',
      assignee: 'unassigned' as const,
      sources: ['hotline', 'video'] as const,
      dueWithinHours: 24,
      from: '2026-11-01',
      to: '2026-11-25',
      text: '垃圾 & 渣土=50%',
      sort: 'case_no_desc' as const,
    };
    const text = formatCaseQuery(q);
    expect(text).toContain('status=reported,handled');
    expect(parseCaseQuery(text)).toEqual(q);
    expect(parseCaseQuery(formatCaseQuery({ ...EMPTY_QUERY, assignee: 12, overdue: true }))).toMatchObject({ assignee: 12, overdue: true });
  });

  it('reads a percent-encoded hash (as the browser hands it back) the same way', () => {
    const text = formatCaseQuery({ ...EMPTY_QUERY, text: '暴露垃圾' });
    expect(text).toBe(`q=${encodeURIComponent('暴露垃圾')}`);
    expect(parseCaseQuery(text).text).toBe('暴露垃圾');
    expect(parseCaseQuery('q=暴露垃圾').text).toBe('暴露垃圾');
  });

  it('writes nothing for the default view and ignores malformed parts', () => {
    expect(formatCaseQuery(EMPTY_QUERY)).toBe('');
    expect(hasFilters(EMPTY_QUERY)).toBe(false);
    expect(hasFilters({ ...EMPTY_QUERY, sort: 'due_asc' })).toBe(false);
    expect(parseCaseQuery('status=nonsense,closed&street=123&grid=abc&assignee=-4&due=0&from=2026-02-30&sort=evil&q=%E0%A4%A')).toEqual({
      ...EMPTY_QUERY,
      statuses: ['closed'],
    });
  });

  it('turns the view into the server filter: dates as Shanghai days, the grid over the street', () => {
    const filter = toIncidentFilter({
      ...EMPTY_QUERY,
      statuses: ['dispatched'],
      streetCode: '430102001000000',
      gridCode: '430102001001001',
      from: '2026-11-01',
      to: '2026-11-01',
      text: '  垃圾 ',
    });
    expect(filter).toEqual({
      statuses: ['dispatched'],
      gridCode: '430102001001001',
      reportedFrom: Date.parse('2026-11-01T00:00:00+08:00'),
      reportedTo: Date.parse('2026-11-02T00:00:00+08:00'),
      text: '垃圾',
    });
    expect(toIncidentFilter(EMPTY_QUERY)).toEqual({});
  });

  it('keeps the filters in the case route, with and without an open case', () => {
    expect(parseHash('#/cases?status=reported&overdue=1')).toEqual({ page: 'cases', gridCode: null, query: 'status=reported&overdue=1' });
    expect(parseHash('#/cases/42?q=abc')).toEqual({ page: 'cases', gridCode: null, caseId: 42, query: 'q=abc' });
    expect(parseHash('#/cases/new?lon=113&lat=28.2')).toMatchObject({ caseId: 'new', query: 'lon=113&lat=28.2' });
    expect(parseHash('#/cases/abc')).toEqual({ page: 'cases', gridCode: null });
    const route = { page: 'cases', gridCode: null, caseId: 7, query: 'sort=due_asc' } as const;
    expect(hrefFor(route)).toBe('#/cases/7?sort=due_asc');
    expect(parseHash(hrefFor(route))).toEqual(route);
  });
});

describe('map rectangle in the case query', () => {
  it('reads a rectangle drawn on the map into the filter and writes it back, ignoring malformed ones', () => {
    const q = parseCaseQuery('status=handling&bbox=113.001,28.18,113.02,28.2');
    expect(q.bbox).toEqual([113.001, 28.18, 113.02, 28.2]);
    expect(toIncidentFilter(q).bbox).toEqual([113.001, 28.18, 113.02, 28.2]);
    expect(formatCaseQuery(q)).toBe('status=handling&bbox=113.001,28.18,113.02,28.2');
    expect(hasFilters({ ...EMPTY_QUERY, bbox: [1, 2, 3, 4] })).toBe(true);
    for (const bad of ['bbox=1,2,3', 'bbox=113.02,28.18,113.001,28.2', 'bbox=a,b,c,d', 'bbox=200,0,201,1']) {
      expect(parseCaseQuery(bad).bbox, bad).toBeNull();
    }
  });
});
