import { describe, expect, it } from 'vitest';
import { actionOffers, availableActions } from '../../renderer/domain/permissions';
import type { IncidentDetail } from '../../electron/contract';

const base = { status: 'dispatched', pendingExtension: null, hotline: null } as const;

describe('the steps offered on a case', () => {
  it('offers 催办 wherever a stage clock runs, and nowhere else', () => {
    for (const status of ['registered', 'dispatched', 'handling', 'handled', 'returned'] as const) {
      expect(availableActions({ ...base, status }), status).toContain('urge');
    }
    for (const status of ['reported', 'closed', 'voided', 'hung'] as const) {
      expect(availableActions({ ...base, status }), status).not.toContain('urge');
    }
  });

  it('lets a supervisor 催办 and tells a handler who may', () => {
    const incident = { ...base, assigneeId: 7, gridCode: '430102001001001' } as unknown as IncidentDetail;
    const supervisor = actionOffers(incident, { id: 1, name: '赵监督', role: 'supervisor', personId: null }).find((o) => o.action === 'urge');
    expect(supervisor?.check.isAllowed).toBe(true);
    const handler = actionOffers(incident, { id: 2, name: '孙处置', role: 'handler', personId: 7 }).find((o) => o.action === 'urge');
    expect(handler?.check).toEqual({ isAllowed: false, reason: expect.stringContaining('监督员') });
  });
});
