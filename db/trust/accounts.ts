/**
 * Operator accounts: the first administrator, logins with lock-out after repeated failures, and the
 * administrator's changes (new operators, roles, password resets, deactivation), each on the settings
 * log. Names are normalised (NFKC, no invisible characters) and unique.
 */
import type { Db } from '../open';
import { AppError } from '../domain/errors';
import { OPERATOR_ROLES, isOneOf, type OperatorRole } from '../domain/codes';
import { OPERATOR_ROLE_LABELS } from '../domain/labels';
import { normaliseName } from '../domain/names';
import { TEXT_LIMITS } from '../domain/limits';
import { hashSecret, verifySecret } from './passwords';
import { logSettingsChange, type Actor } from './settingsLog';

/** Wrong secrets in a row before an account is locked, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;
/** The password of the demo district's accounts: printed on the login screen, demo data only. */
export const DEMO_PASSWORD = 'demo2026';

export interface Account {
  readonly id: number;
  readonly name: string;
  readonly role: OperatorRole;
  readonly personId: number | null;
  readonly isActive: boolean;
  readonly hasPassword: boolean;
  readonly isDemo: boolean;
  readonly lockedUntil: number | null;
}

interface Row {
  id: number;
  name: string;
  role: string;
  person_id: number | null;
  is_active: number;
  password_hash: string | null;
  failed_logins: number;
  locked_until: number | null;
  is_demo: number;
}

const toAccount = (r: Row): Account => ({
  id: r.id,
  name: r.name,
  role: r.role as OperatorRole,
  personId: r.person_id,
  isActive: r.is_active === 1,
  hasPassword: r.password_hash !== null,
  isDemo: r.is_demo === 1,
  lockedUntil: r.locked_until,
});

function row(db: Db, id: number): Row {
  const r = db.prepare(`SELECT * FROM operators WHERE id = ?`).get(id) as Row | undefined;
  if (!r) throw new AppError('not-found', `操作员不存在：编号 ${id}`);
  return r;
}

export function getAccount(db: Db, id: number): Account {
  return toAccount(row(db, id));
}

/** A name fit to store: normalised, not empty, within the limit, not taken by another operator. */
export function checkOperatorName(db: Db, raw: string, exceptId?: number): string {
  const name = normaliseName(raw);
  if (!name) throw new AppError('invalid-input', '操作员姓名不能为空（不可见字符不算）');
  if ([...name].length > TEXT_LIMITS.name) throw new AppError('invalid-input', `操作员姓名最多 ${TEXT_LIMITS.name} 个字`);
  const taken = db.prepare(`SELECT id FROM operators WHERE name = ?`).get(name) as { id: number } | undefined;
  if (taken && taken.id !== exceptId) throw new AppError('conflict', `已有同名操作员：${name}`);
  return name;
}

/** First start: no active administrator can log in yet. */
export function needsSetup(db: Db): boolean {
  return !db.prepare(`SELECT 1 FROM operators WHERE role = 'admin' AND is_active = 1 AND password_hash IS NOT NULL`).get();
}

export function setupAdministrator(db: Db, input: { name: string; secret: string }, now: number): Account {
  return db.transaction(() => {
    if (!needsSetup(db)) throw new AppError('forbidden', '已有管理员：请由管理员登录后再新建操作员');
    const name = checkOperatorName(db, input.name);
    const hash = hashSecret(input.secret);
    const r = db
      .prepare(`INSERT INTO operators (name, role, created_at, password_hash, password_changed_at) VALUES (?, 'admin', ?, ?, ?)`)
      .run(name, now, hash, now);
    const id = Number(r.lastInsertRowid);
    logSettingsChange(db, { operatorId: id, name }, { action: 'admin.setup', target: `管理员「${name}」`, after: { name, role: 'admin' } }, now);
    return getAccount(db, id);
  }).immediate();
}

export type LoginOutcome = 'ok' | 'wrong-secret' | 'unknown-name' | 'locked' | 'inactive' | 'rate-limited' | 'logout' | 'idle-lock' | 'unlock';

export function logLogin(db: Db, entry: { name: string; operatorId: number | null; address: string; outcome: LoginOutcome }, now: number): void {
  if (db.pragma('query_only', { simple: true }) === 1) return; // a read-only host records nothing
  db.prepare(`INSERT INTO login_log (at, name, operator_id, address, outcome) VALUES (?, ?, ?, ?, ?)`).run(
    now,
    entry.name.slice(0, 200),
    entry.operatorId,
    entry.address.slice(0, 100),
    entry.outcome,
  );
}

/**
 * A log write that a read-only host (opened beside the database's own host) cannot make: the login
 * still goes on, unrecorded there. Any other failure is thrown.
 */
function unlessReadOnly(db: Db, write: () => void): void {
  if (db.pragma('query_only', { simple: true }) === 1) return;
  db.transaction(write).immediate();
}

/**
 * Checks a name and secret. A wrong secret counts towards the lock-out; the answer never says whether
 * the name exists. Every attempt is on the login log.
 */
export function authenticate(db: Db, input: { name: string; secret: string; address: string }, now: number): Account {
  const name = normaliseName(input.name);
  const r = db.prepare(`SELECT * FROM operators WHERE name = ?`).get(name) as Row | undefined;
  const refuse = (outcome: LoginOutcome, message: string): never => {
    unlessReadOnly(db, () => logLogin(db, { name, operatorId: r?.id ?? null, address: input.address, outcome }, now));
    throw new AppError('unauthorized', message);
  };
  const wrong = '姓名或密码不正确';
  if (!r || r.password_hash === null) {
    // Spend the same time as a real check so a name's existence does not show in the timing.
    verifySecret(input.secret, DUMMY_HASH);
    return refuse('unknown-name', r ? `操作员「${name}」尚未设置密码：请管理员为其设置` : wrong);
  }
  if (r.is_active !== 1) return refuse('inactive', `操作员「${name}」已停用：请联系管理员`);
  if (r.locked_until !== null && r.locked_until > now) {
    const minutes = Math.ceil((r.locked_until - now) / 60_000);
    return refuse('locked', `连续输错密码，账号已锁定：请 ${minutes} 分钟后再试，或请管理员重置密码`);
  }
  if (!verifySecret(input.secret, r.password_hash)) {
    const failed = r.failed_logins + 1;
    const lock = failed >= MAX_FAILED_LOGINS;
    unlessReadOnly(db, () => {
      db.prepare(`UPDATE operators SET failed_logins = ?, locked_until = ? WHERE id = ?`).run(lock ? 0 : failed, lock ? now + LOCKOUT_MS : null, r.id);
    });
    return refuse(
      lock ? 'locked' : 'wrong-secret',
      lock ? `连续 ${MAX_FAILED_LOGINS} 次输错密码，账号已锁定 ${LOCKOUT_MS / 60_000} 分钟` : `${wrong}（还可再试 ${MAX_FAILED_LOGINS - failed} 次）`,
    );
  }
  unlessReadOnly(db, () => {
    db.prepare(`UPDATE operators SET failed_logins = 0, locked_until = NULL WHERE id = ?`).run(r.id);
    logLogin(db, { name, operatorId: r.id, address: input.address, outcome: 'ok' }, now);
  });
  return toAccount({ ...r, failed_logins: 0, locked_until: null });
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Re-checks the secret of an already logged-in operator (unlocking an idle-locked session). */
export function confirmSecret(db: Db, operatorId: number, secret: string, address: string, now: number): Account {
  return authenticate(db, { name: row(db, operatorId).name, secret, address }, now);
}

const roleLabel = (role: string) => (isOneOf(OPERATOR_ROLES, role) ? OPERATOR_ROLE_LABELS[role] : role);

export function createAccount(
  db: Db,
  actor: Actor,
  input: { name: string; role: OperatorRole; personId?: number | null | undefined; secret: string },
  now: number,
): Account {
  return db.transaction(() => {
    const name = checkOperatorName(db, input.name);
    if (input.personId != null && !db.prepare(`SELECT 1 FROM persons WHERE id = ?`).get(input.personId)) {
      throw new AppError('not-found', `人员不存在：编号 ${input.personId}`);
    }
    const hash = hashSecret(input.secret);
    const r = db
      .prepare(`INSERT INTO operators (name, role, person_id, created_at, password_hash, password_changed_at) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(name, input.role, input.personId ?? null, now, hash, now);
    const id = Number(r.lastInsertRowid);
    logSettingsChange(
      db,
      actor,
      { action: 'operator.create', target: `操作员「${name}」`, after: { name, role: input.role, roleLabel: roleLabel(input.role), personId: input.personId ?? null } },
      now,
    );
    return getAccount(db, id);
  }).immediate();
}

/** Refuses a change that would leave no active administrator who can log in. */
function keepOneAdministrator(db: Db, changingId: number): void {
  const others = db
    .prepare(`SELECT count(*) AS n FROM operators WHERE role = 'admin' AND is_active = 1 AND password_hash IS NOT NULL AND id <> ?`)
    .get(changingId) as { n: number };
  if (others.n === 0) throw new AppError('conflict', '这是唯一可登录的管理员：请先为另一位操作员设为管理员');
}

export function setRole(db: Db, actor: Actor, id: number, role: OperatorRole, now: number): Account {
  return db.transaction(() => {
    const before = row(db, id);
    if (before.role === role) return toAccount(before);
    if (before.role === 'admin') keepOneAdministrator(db, id);
    db.prepare(`UPDATE operators SET role = ? WHERE id = ?`).run(role, id);
    logSettingsChange(db, actor, { action: 'operator.role', target: `操作员「${before.name}」`, before: { role: before.role }, after: { role } }, now);
    return getAccount(db, id);
  }).immediate();
}

export function setActive(db: Db, actor: Actor, id: number, isActive: boolean, now: number): Account {
  return db.transaction(() => {
    const before = row(db, id);
    if ((before.is_active === 1) === isActive) return toAccount(before);
    if (!isActive && before.role === 'admin') keepOneAdministrator(db, id);
    if (!isActive && actor.operatorId === id) throw new AppError('conflict', '不能停用自己的账号');
    db.prepare(`UPDATE operators SET is_active = ? WHERE id = ?`).run(isActive ? 1 : 0, id);
    logSettingsChange(
      db,
      actor,
      { action: isActive ? 'operator.activate' : 'operator.deactivate', target: `操作员「${before.name}」`, before: { isActive: !isActive }, after: { isActive } },
      now,
    );
    return getAccount(db, id);
  }).immediate();
}

export function resetPassword(db: Db, actor: Actor, id: number, secret: string, now: number): Account {
  return db.transaction(() => {
    const before = row(db, id);
    const hash = hashSecret(secret);
    db.prepare(`UPDATE operators SET password_hash = ?, password_changed_at = ?, failed_logins = 0, locked_until = NULL WHERE id = ?`).run(hash, now, id);
    // The log names the change, never the secret.
    logSettingsChange(db, actor, { action: 'operator.password-reset', target: `操作员「${before.name}」` }, now);
    return getAccount(db, id);
  }).immediate();
}

export function changeOwnPassword(db: Db, actor: Actor & { operatorId: number }, current: string, next: string, address: string, now: number): void {
  confirmSecret(db, actor.operatorId, current, address, now);
  db.transaction(() => {
    db.prepare(`UPDATE operators SET password_hash = ?, password_changed_at = ? WHERE id = ?`).run(hashSecret(next), now, actor.operatorId);
    logSettingsChange(db, actor, { action: 'operator.password-change', target: `操作员「${actor.name}」` }, now);
  }).immediate();
}

/**
 * The demo district's accounts: its operators get the printed demo password and are marked as demo
 * accounts, and a demo administrator is added. Only for a database that holds the demo district.
 */
export function enableDemoAccounts(db: Db, now: number): Account[] {
  return db.transaction(() => {
    const hash = hashSecret(DEMO_PASSWORD);
    if (!db.prepare(`SELECT 1 FROM operators WHERE name = '演示管理员'`).get()) {
      db.prepare(`INSERT INTO operators (name, role, created_at) VALUES ('演示管理员', 'admin', ?)`).run(now);
    }
    db.prepare(`UPDATE operators SET password_hash = ?, password_changed_at = ?, is_demo = 1 WHERE password_hash IS NULL`).run(hash, now);
    return (db.prepare(`SELECT * FROM operators WHERE is_demo = 1 ORDER BY role, name`).all() as Row[]).map(toAccount);
  }).immediate();
}

export function listAccounts(db: Db): Account[] {
  return (db.prepare(`SELECT * FROM operators ORDER BY is_active DESC, role, name`).all() as Row[]).map(toAccount);
}

/** The demo district's active accounts, in the order of the roles at the desk. */
export function demoAccounts(db: Db): { name: string; role: OperatorRole }[] {
  return db
    .prepare(
      `SELECT name, role FROM operators WHERE is_demo = 1 AND is_active = 1
       ORDER BY CASE role WHEN 'supervisor' THEN 1 WHEN 'inspector' THEN 2 WHEN 'handler' THEN 3 WHEN 'manager' THEN 4 ELSE 5 END, name`,
    )
    .all() as { name: string; role: OperatorRole }[];
}

export interface LoginLogEntry {
  readonly id: number;
  readonly at: number;
  readonly name: string;
  readonly operatorId: number | null;
  readonly address: string;
  readonly outcome: string;
}

export function listLoginLog(db: Db, limit: number): LoginLogEntry[] {
  return (
    db.prepare(`SELECT id, at, name, operator_id, address, outcome FROM login_log ORDER BY id DESC LIMIT ?`).all(limit) as {
      id: number;
      at: number;
      name: string;
      operator_id: number | null;
      address: string;
      outcome: string;
    }[]
  ).map((r) => ({ id: r.id, at: r.at, name: r.name, operatorId: r.operator_id, address: r.address, outcome: r.outcome }));
}

/** Nothing stored yet: no operators, no cases (the demo may then be loaded before anyone logs in). */
export function isEmptyDatabase(db: Db): boolean {
  return !db.prepare(`SELECT 1 FROM operators`).get() && !db.prepare(`SELECT 1 FROM incidents`).get();
}
