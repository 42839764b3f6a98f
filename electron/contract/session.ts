/** Logging in, the idle lock, the operators' accounts (administrators only), the settings log. */
import { z } from 'zod';
import type { Account, LoginLogEntry } from '../../db/trust/accounts';
import type { SettingsLogEntry } from '../../db/trust/settingsLog';
import type { SecuritySettings } from '../../db/trust/security';

export type { LoginLogEntry, SecuritySettings };
import { call, ADMIN_ONLY } from './define';
import { empty, epochMs, id, operatorRole, requiredName } from './common';

const secret = z.string().min(1, '请输入密码').max(128, '密码最多 128 位');

export interface SessionStatus {
  /** No administrator can log in yet: the first start creates one. */
  readonly needsSetup: boolean;
  /** The database is empty: the demo district may be loaded before anyone logs in. */
  readonly isEmpty: boolean;
  readonly operator: Account | null;
  readonly locked: boolean;
  readonly idleLockMinutes: number;
  /** The demo district's accounts and their printed password, when the demo is loaded. */
  readonly demo: { readonly password: string; readonly accounts: readonly { name: string; role: Account['role'] }[] } | null;
}

export interface LoginResult {
  /** The session token: browser mode sends it on every call; Electron keeps it per window. */
  readonly token: string;
  readonly operator: Account;
}



export const sessionCalls = {
  'session:status': call<SessionStatus>()({
    input: empty,
    doc: 'Who is logged in at this desk (if anyone), whether the session is locked, whether set-up is needed.',
    access: 'public',
    reads: ['session', 'operators', 'app'],
  }),
  'session:setup': call<LoginResult>()({
    input: z.object({ name: requiredName('姓名'), secret }).strict(),
    doc: 'First start: create the administrator (only while no administrator can log in) and log in.',
    access: 'public',
    writes: ['operators', 'session', 'log'],
  }),
  'session:login': call<LoginResult>()({
    input: z.object({ name: z.string().max(100), secret }).strict(),
    doc: 'Log in with name and password or PIN; repeated failures lock the account and the address for a while.',
    access: 'public',
    writes: ['session', 'log'],
  }),
  'session:logout': call<null>()({
    input: empty,
    doc: 'End this desk’s session.',
    access: 'public',
    writes: ['session'],
  }),
  'session:lock': call<null>()({
    input: empty,
    doc: 'Lock this desk’s session now (the operator re-enters the password to go on).',
    writes: ['session'],
  }),
  'session:unlock': call<null>()({
    input: z.object({ secret }).strict(),
    doc: 'Unlock an idle-locked session with the same operator’s password.',
    access: 'public',
    writes: ['session', 'log'],
  }),
  'session:touch': call<null>()({
    input: empty,
    doc: 'The desk is in use (typing, moving the mouse) without calling anything else: keeps the idle lock from falling.',
  }),
  'session:change-password': call<null>()({
    input: z.object({ current: secret, next: secret }).strict(),
    doc: 'Change one’s own password.',
    writes: ['log'],
  }),
  'operators:accounts': call<Account[]>()({
    input: empty,
    doc: 'Every operator account with role, state and whether a password is set (administrators).',
    access: ADMIN_ONLY,
    reads: ['operators'],
  }),
  'operators:create': call<Account>()({
    input: z.object({ name: requiredName('姓名'), role: operatorRole, personId: id.nullable().optional(), secret }).strict(),
    doc: 'Add an operator with a first password; a handler is linked to the person whose cases they work.',
    access: ADMIN_ONLY,
    writes: ['operators', 'log'],
  }),
  'operators:set-role': call<Account>()({
    input: z.object({ id, role: operatorRole }).strict(),
    doc: 'Change an operator’s role (ends their sessions).',
    access: ADMIN_ONLY,
    writes: ['operators', 'log'],
  }),
  'operators:reset-password': call<Account>()({
    input: z.object({ id, secret }).strict(),
    doc: 'Set a new password for an operator (ends their sessions, clears a lock-out).',
    access: ADMIN_ONLY,
    writes: ['operators', 'log'],
  }),
  'operators:set-active': call<Account>()({
    input: z.object({ id, isActive: z.boolean() }).strict(),
    doc: 'Deactivate or reactivate an operator (never deleted; their history stays).',
    access: ADMIN_ONLY,
    writes: ['operators', 'log'],
  }),
  'security:get': call<SecuritySettings>()({
    input: empty,
    doc: 'Separation of duties and the idle-lock time.',
    reads: ['settings'],
  }),
  'security:set': call<SecuritySettings>()({
    input: z
      .object({ separationOfDuties: z.boolean().optional(), idleLockMinutes: z.number().int().min(0).max(480).optional() })
      .strict(),
    doc: 'Switch separation of duties, set the idle-lock time (administrators).',
    access: ADMIN_ONLY,
    writes: ['settings', 'log'],
  }),
  'settings:log': call<{ items: SettingsLogEntry[]; total: number }>()({
    input: z
      .object({
        action: z.string().max(60).optional(),
        operatorId: id.optional(),
        from: epochMs.optional(),
        to: epochMs.optional(),
        text: z.string().max(100).optional(),
        before: id.optional(),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    doc: 'The settings log, newest first, filtered (administrators and managers).',
    access: ['admin', 'manager'],
    reads: ['log'],
  }),
  'settings:login-log': call<LoginLogEntry[]>()({
    input: z.object({ limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    doc: 'The latest logins, failed logins, locks and logouts (administrators).',
    access: ADMIN_ONLY,
    reads: ['log'],
  }),
} as const;
