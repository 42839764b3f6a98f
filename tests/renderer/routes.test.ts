import { describe, expect, it } from 'vitest';
import { PAGES, homePage, hrefFor, pageOfHash, pagesFor, parseHash, shellRoute } from '../../renderer/app/routes';

describe('hash routes', () => {
  it('reads the page and the selected grid from the hash', () => {
    expect(parseHash('#/cases')).toEqual({ page: 'cases', gridCode: null });
    expect(parseHash('#/map/430102001001001')).toEqual({ page: 'map', gridCode: '430102001001001' });
    expect(parseHash('#/queue?kind=dispatch')).toEqual({ page: 'queue', gridCode: null, query: 'kind=dispatch' });
  });

  it('falls back to the map for an empty or unknown hash, and ignores a malformed code', () => {
    expect(parseHash('')).toEqual({ page: 'map', gridCode: null });
    expect(parseHash('#/nowhere')).toEqual({ page: 'map', gridCode: null });
    expect(parseHash('#/map/<script>')).toEqual({ page: 'map', gridCode: null });
  });

  it('writes routes back to hashes that parse to the same route', () => {
    for (const route of [
      { page: 'map', gridCode: null },
      { page: 'map', gridCode: '430102002000000' },
      { page: 'stats', gridCode: null },
      { page: 'queue', gridCode: null, query: 'kind=verify' },
      { page: 'cases', gridCode: null, caseId: 42 },
    ] as const) {
      expect(parseHash(hrefFor(route))).toEqual(route);
    }
  });

  it('names the page of an address, or none', () => {
    expect(pageOfHash('#/queue?kind=verify')).toBe('queue');
    expect(pageOfHash('#/cases/12')).toBe('cases');
    expect(pageOfHash('#/map')).toBe('map');
    expect(pageOfHash('')).toBeNull();
    expect(pageOfHash('#/')).toBeNull();
    expect(pageOfHash('#/nowhere')).toBeNull();
  });
});

describe('the page an operator starts on', () => {
  it('puts 我的待办 first in the navigation, for the roles that work lists only', () => {
    expect(PAGES[0]!.id).toBe('queue');
    for (const role of ['supervisor', 'admin', 'inspector', 'handler'] as const) {
      expect(pagesFor(role).map((p) => p.label)).toEqual(['我的待办', '地图', '案件', '人员', '导入', '统计', '巡查', '考核', '周报', '设置']);
    }
    expect(pagesFor('manager').map((p) => p.id)).not.toContain('queue');
  });

  it('starts supervisors, administrators, inspectors and handlers on 我的待办, a manager on the map, everyone on the map while there are no grids', () => {
    expect(homePage('supervisor', true)).toBe('queue');
    expect(homePage('admin', true)).toBe('queue');
    expect(homePage('inspector', true)).toBe('queue');
    expect(homePage('handler', true)).toBe('queue');
    expect(homePage('manager', true)).toBe('map');
    expect(homePage('admin', false)).toBe('map');
    expect(homePage('supervisor', false)).toBe('map');
  });

  it('sends a bare or unknown address home, and keeps every link that names a page', () => {
    expect(shellRoute('', 'supervisor', true)).toEqual({ page: 'queue', gridCode: null });
    expect(shellRoute('#/', 'inspector', true)).toEqual({ page: 'queue', gridCode: null });
    expect(shellRoute('#/nowhere', 'handler', true)).toEqual({ page: 'queue', gridCode: null });
    expect(shellRoute('', 'manager', true)).toEqual({ page: 'map', gridCode: null });
    expect(shellRoute('', 'admin', false)).toEqual({ page: 'map', gridCode: null });

    // Links open what they name, whoever follows them.
    expect(shellRoute('#/map', 'supervisor', true)).toEqual({ page: 'map', gridCode: null });
    expect(shellRoute('#/map/430102001001001', 'supervisor', true)).toEqual({ page: 'map', gridCode: '430102001001001' });
    expect(shellRoute('#/cases/7?status=reported', 'handler', true)).toEqual({ page: 'cases', gridCode: null, caseId: 7, query: 'status=reported' });
    expect(shellRoute('#/stats?week=2026-W47', 'manager', true)).toEqual({ page: 'stats', gridCode: null, query: 'week=2026-W47' });
    expect(shellRoute('#/queue?kind=verify', 'inspector', true)).toEqual({ page: 'queue', gridCode: null, query: 'kind=verify' });

    // 我的待办 is no page of a manager's (the address a previous operator left): the manager's home instead.
    expect(shellRoute('#/queue', 'manager', true)).toEqual({ page: 'map', gridCode: null });
  });
});
