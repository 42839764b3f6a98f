import { describe, expect, it } from 'vitest';
import { hrefFor, parseHash } from '../../renderer/app/routes';

describe('hash routes', () => {
  it('reads the page and the selected grid from the hash', () => {
    expect(parseHash('#/cases')).toEqual({ page: 'cases', gridCode: null });
    expect(parseHash('#/map/430102001001001')).toEqual({ page: 'map', gridCode: '430102001001001' });
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
    ] as const) {
      expect(parseHash(hrefFor(route))).toEqual(route);
    }
  });
});
