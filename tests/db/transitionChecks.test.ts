/**
 * The checks of a workflow step and the plan of its write, on their own: plain values in, a refusal
 * or a result out, no database.
 */
import { describe, expect, it } from 'vitest';
import { checkTransition, planStep, type CaseState } from '../../db/queries/caseWorkflow';
import { TEXT_LIMITS } from '../../db/domain/limits';
import type { AppError } from '../../db/domain/errors';
import type { WorkflowAction } from '../../db/domain/workflow';

const SUPERVISOR = { name: '李主任', role: 'supervisor' as const, personId: null };
const HANDLER = { name: '王建国', role: 'handler' as const, personId: 7 };
const MANAGER = { name: '赵局', role: 'manager' as const, personId: null };

const state = (over: Partial<CaseState> = {}): CaseState => ({
  status: 'handling',
  version: 3,
  assigneeId: 7,
  dueAt: 1_000_000,
  pendingExtension: null,
  ...over,
});

function refusal(f: () => unknown): { kind: string; message: string } {
  try {
    f();
  } catch (e) {
    return { kind: (e as AppError).kind, message: (e as AppError).message };
  }
  throw new Error('not refused');
}

describe('transition checks (no database)', () => {
  it('passes a legal step and gives the new status and the trimmed note', () => {
    expect(checkTransition(state({ status: 'reported' }), { action: 'register', expectedVersion: 3 }, SUPERVISOR)).toMatchObject({ to: 'registered', note: undefined });
    expect(checkTransition(state(), { action: 'handle', expectedVersion: 3, note: '  已清理  ' }, HANDLER)).toMatchObject({ to: 'handled', note: '已清理' });
    // Extension steps keep the status.
    expect(checkTransition(state(), { action: 'extend_request', expectedVersion: 3, note: '需协调', requestedDueAt: 2_000_000 }, HANDLER).to).toBe('handling');
  });

  it('refuses in the order the desk reports: version, state, role, assignee, note, reason', () => {
    expect(refusal(() => checkTransition(state(), { action: 'handle', expectedVersion: 2 }, MANAGER))).toEqual({
      kind: 'conflict',
      message: '案件已被他人修改（当前状态：处置中），请刷新后重试',
    });
    expect(refusal(() => checkTransition(state(), { action: 'register', expectedVersion: 3 }, MANAGER))).toEqual({
      kind: 'conflict',
      message: '案件当前状态为「处置中」，不能执行「立案」',
    });
    expect(refusal(() => checkTransition(state(), { action: 'handle', expectedVersion: 3 }, MANAGER))).toEqual({
      kind: 'forbidden',
      message: '操作员「赵局」的角色不能执行「处置反馈」',
    });
    expect(refusal(() => checkTransition(state({ assigneeId: 8 }), { action: 'handle', expectedVersion: 3 }, HANDLER))).toEqual({
      kind: 'forbidden',
      message: '只有案件的处置责任人才能执行「处置反馈」',
    });
    expect(refusal(() => checkTransition(state(), { action: 'handle', expectedVersion: 3, note: '字'.repeat(TEXT_LIMITS.note + 1) }, HANDLER)).kind).toBe('invalid-input');
    expect(refusal(() => checkTransition(state(), { action: 'return', expectedVersion: 3, note: ' ' }, HANDLER))).toEqual({
      kind: 'invalid-input',
      message: '「退回」必须填写理由',
    });
    expect(refusal(() => checkTransition(state(), { action: 'nonsense' as WorkflowAction, expectedVersion: 3 }, HANDLER))).toEqual({
      kind: 'invalid-input',
      message: '未知的操作：nonsense',
    });
  });

  it('applies the extension rules from the pending request it is given', () => {
    const ask = { action: 'extend_request' as const, expectedVersion: 3, note: '需协调' };
    expect(refusal(() => checkTransition(state(), ask, HANDLER)).message).toBe('申请延期必须填写新的期限');
    expect(refusal(() => checkTransition(state(), { ...ask, requestedDueAt: 1_000_000 }, HANDLER)).message).toBe('申请的新期限必须晚于现有期限');
    const pending = { requestedDueAt: 2_000_000, reason: '需协调', requestedAt: 500 };
    expect(refusal(() => checkTransition(state({ pendingExtension: pending }), { ...ask, requestedDueAt: 3_000_000 }, HANDLER))).toEqual({
      kind: 'conflict',
      message: '已有待审批的延期申请',
    });
    expect(refusal(() => checkTransition(state(), { action: 'extend_approve', expectedVersion: 3 }, SUPERVISOR))).toEqual({
      kind: 'conflict',
      message: '没有待审批的延期申请',
    });
    expect(checkTransition(state({ pendingExtension: pending }), { action: 'extend_approve', expectedVersion: 3 }, SUPERVISOR).to).toBe('handling');
  });
});

describe('step plans (no database)', () => {
  const NOW = 5_000_000;
  it('sets the step’s own columns and logs what the timeline shows', () => {
    // Each stage runs on its own clock: a step that starts one sets when it started (and its deadline when given).
    expect(planStep('register', state({ status: 'reported' }), NOW)).toEqual({ set: { registered_at: NOW, stage_started_at: NOW }, bump: [], data: {} });
    expect(planStep('verify_fail', state({ status: 'handled', dispatchedAt: 400 }), NOW)).toEqual({
      set: { handled_at: null, stage_started_at: 400 },
      bump: ['rework_count'],
      data: {},
    });
    expect(planStep('dispatch', state({ status: 'registered' }), NOW, { dispatch: { assignee: { id: 7, name: '王建国' }, dueAt: 9_000_000 } })).toEqual({
      set: { assignee_id: 7, dispatched_at: NOW, due_at: 9_000_000, stage_started_at: NOW },
      bump: [],
      data: { assigneeId: 7, assigneeName: '王建国', dueAt: 9_000_000 },
    });
    const pending = { requestedDueAt: 2_000_000, reason: '需协调', requestedAt: 500 };
    expect(planStep('extend_approve', state({ pendingExtension: pending }), NOW)).toEqual({
      set: { due_at: 2_000_000 },
      bump: ['extension_count'],
      data: { previousDueAt: 1_000_000, dueAt: 2_000_000 },
    });
    expect(planStep('extend_request', state(), NOW, { requestedDueAt: 2_000_000 }).data).toEqual({ requestedDueAt: 2_000_000, previousDueAt: 1_000_000 });
    expect(planStep('hang', state(), NOW)).toEqual({ set: {}, bump: [], data: {} });
  });

  it('starts each stage’s clock and records on the finishing event whether the stage met its deadline', () => {
    expect(planStep('register', state({ status: 'reported' }), NOW, { dispatchDueAt: 6_000_000 })).toEqual({
      set: { registered_at: NOW, stage_started_at: NOW, dispatch_due_at: 6_000_000 },
      bump: [],
      data: { dispatchDueAt: 6_000_000 },
    });
    // Dispatched after its dispatch deadline: late; the handling clock starts.
    expect(planStep('dispatch', state({ status: 'registered', dispatchDueAt: 4_000_000 }), NOW, { dispatch: { assignee: { id: 7, name: '王建国' }, dueAt: 9_000_000 } }).data).toEqual({
      assigneeId: 7,
      assigneeName: '王建国',
      dueAt: 9_000_000,
      clock: { stage: 'dispatch', dueAt: 4_000_000, onTime: false },
    });
    // Reported back before the handling deadline: on time; the verification clock starts.
    expect(planStep('handle', state({ dueAt: 9_000_000 }), NOW, { verifyDueAt: 7_000_000 })).toEqual({
      set: { handled_at: NOW, stage_started_at: NOW, verify_due_at: 7_000_000 },
      bump: [],
      data: { verifyDueAt: 7_000_000, clock: { stage: 'handling', dueAt: 9_000_000, onTime: true } },
    });
    // Exactly at the deadline is on time.
    expect(planStep('verify_pass', state({ status: 'handled', verifyDueAt: NOW }), NOW).data).toEqual({ clock: { stage: 'verification', dueAt: NOW, onTime: true } });
    expect(planStep('verify_fail', state({ status: 'handled', verifyDueAt: NOW - 1 }), NOW).data).toEqual({ clock: { stage: 'verification', dueAt: NOW - 1, onTime: false } });
    // No limit, no clock: nothing recorded.
    expect(planStep('verify_pass', state({ status: 'handled', verifyDueAt: null }), NOW).data).toEqual({});
    // A return puts the case back to the supervisor: a new dispatch stage.
    expect(planStep('return', state(), NOW, { dispatchDueAt: 8_000_000 }).set).toEqual({ stage_started_at: NOW, dispatch_due_at: 8_000_000 });
  });
});
