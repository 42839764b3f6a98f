/**
 * Logged-in sessions, held by the host (never in the database): a random token per login, bound to an
 * operator, locked after the configured idle time (the operator re-enters the password to go on),
 * ended on logout, after 12 hours, or when an administrator deactivates the operator or changes the role.
 * Also the per-address limit on failed logins.
 */
import crypto from 'node:crypto';

export const SESSION_MAX_AGE_MS = 12 * 3_600_000;
/** Failed logins from one address within the window before that address must wait. */
export const ADDRESS_FAILURE_LIMIT = 10;
export const ADDRESS_WINDOW_MS = 5 * 60_000;
const MAX_SESSIONS = 10_000;

export interface Session {
  readonly token: string;
  readonly operatorId: number;
  readonly address: string;
  readonly createdAt: number;
  lastSeen: number;
  locked: boolean;
}

export type SessionState = { state: 'ok' | 'locked'; session: Session } | { state: 'none' | 'expired' };

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    /** Idle minutes before a session locks; 0 = never. Read at each check so a change applies at once. */
    private readonly idleMinutes: () => number,
  ) {}

  create(operatorId: number, address: string): Session {
    const at = this.now();
    this.sweep(at);
    if (this.sessions.size >= MAX_SESSIONS) {
      const oldest = [...this.sessions.values()].sort((a, b) => a.lastSeen - b.lastSeen)[0]!;
      this.sessions.delete(oldest.token);
    }
    const session: Session = { token: crypto.randomBytes(32).toString('base64url'), operatorId, address, createdAt: at, lastSeen: at, locked: false };
    this.sessions.set(session.token, session);
    return session;
  }

  /** The session for a token; locks it when idle too long. `touch` marks activity (a real call). */
  resolve(token: string | null, touch: boolean): SessionState {
    if (!token) return { state: 'none' };
    const session = this.sessions.get(token);
    if (!session) return { state: 'none' };
    const at = this.now();
    if (at - session.createdAt > SESSION_MAX_AGE_MS) {
      this.sessions.delete(token);
      return { state: 'expired' };
    }
    const idle = this.idleMinutes();
    if (!session.locked && idle > 0 && at - session.lastSeen > idle * 60_000) session.locked = true;
    if (session.locked) return { state: 'locked', session };
    if (touch) session.lastSeen = at;
    return { state: 'ok', session };
  }

  lock(token: string): void {
    const s = this.sessions.get(token);
    if (s) s.locked = true;
  }

  unlock(token: string): void {
    const s = this.sessions.get(token);
    if (s) {
      s.locked = false;
      s.lastSeen = this.now();
    }
  }

  end(token: string): void {
    this.sessions.delete(token);
  }

  /** Ends every session of an operator (deactivated, role changed, password reset). */
  endOperator(operatorId: number, exceptToken?: string): void {
    for (const [token, s] of this.sessions) if (s.operatorId === operatorId && token !== exceptToken) this.sessions.delete(token);
  }

  /** Whether an address has failed too often lately (checked before a password is even looked at). */
  isAddressLimited(address: string): boolean {
    const at = this.now();
    const recent = (this.failures.get(address) ?? []).filter((t) => at - t < ADDRESS_WINDOW_MS);
    this.failures.set(address, recent);
    return recent.length >= ADDRESS_FAILURE_LIMIT;
  }

  recordFailure(address: string): void {
    const list = this.failures.get(address) ?? [];
    list.push(this.now());
    if (list.length > ADDRESS_FAILURE_LIMIT * 2) list.splice(0, list.length - ADDRESS_FAILURE_LIMIT * 2);
    this.failures.set(address, list);
    if (this.failures.size > MAX_SESSIONS) this.failures.delete(this.failures.keys().next().value!);
  }

  private sweep(at: number): void {
    for (const [token, s] of this.sessions) if (at - s.createdAt > SESSION_MAX_AGE_MS) this.sessions.delete(token);
  }
}
