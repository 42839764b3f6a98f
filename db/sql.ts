/**
 * A small typed SQL helper (after Signal Desktop's `sql`/`sqlJoin`): a tagged template that keeps values
 * as bound parameters, IN-lists of parameters, IN-lists of the domain's closed codes written as literals
 * (so the planner can use partial indexes), and typed reads.
 */
import type { Db } from './open';
import { AppError } from './domain/errors';
import { OPEN_STATUSES, REGISTERED_OPEN_STATUSES } from './domain/codes';
import { CLOCKED_STATUSES } from './domain/stages';

/** A fragment of SQL with its positional parameters. */
export interface SqlFragment {
  readonly text: string;
  readonly params: readonly unknown[];
}

const FRAGMENT = Symbol('sql');
interface Tagged extends SqlFragment {
  readonly [FRAGMENT]: true;
}

function isFragment(v: unknown): v is Tagged {
  return typeof v === 'object' && v !== null && (v as Partial<Tagged>)[FRAGMENT] === true;
}

function fragment(text: string, params: readonly unknown[]): Tagged {
  return { text, params, [FRAGMENT]: true };
}

/** `sql\`SELECT … WHERE id = ${id} AND ${otherFragment}\``: values become `?`, fragments are spliced. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Tagged {
  let text = strings[0] ?? '';
  const params: unknown[] = [];
  values.forEach((v, k) => {
    if (isFragment(v)) {
      text += v.text;
      params.push(...v.params);
    } else {
      text += '?';
      params.push(v);
    }
    text += strings[k + 1] ?? '';
  });
  return fragment(text, params);
}

/** `(?, ?, ?)`-style list of bound values for `IN ${sqlIn(ids)}`; an empty list matches nothing. */
export function sqlIn(values: readonly unknown[]): Tagged {
  if (values.length === 0) return fragment('(NULL)', []);
  return fragment(`(${values.map(() => '?').join(', ')})`, values);
}

/** Fragments joined by a separator (default ', '). */
export function sqlJoin(parts: readonly SqlFragment[], separator = ', '): Tagged {
  return fragment(parts.map((p) => p.text).join(separator), parts.flatMap((p) => p.params));
}

/**
 * A literal IN-list of codes from a closed list, e.g. `status IN ${codeList(OPEN_STATUSES)}`. Every
 * value is checked against `allowed` (default: the list itself), so nothing from outside is ever spliced.
 */
export function codeList<T extends string>(values: readonly T[], allowed: readonly string[] = values, label = '代码'): string {
  if (values.length === 0) return '(NULL)';
  for (const v of values) {
    if (!allowed.includes(v) || !/^[a-z_-]+$/.test(v)) throw new AppError('invalid-input', `未知的${label}：${String(v)}`);
  }
  return `(${values.map((v) => `'${v}'`).join(', ')})`;
}

/** `('reported', 'registered', …)`: the open statuses as a literal list (partial indexes match it). */
export const OPEN_STATUSES_SQL = codeList(OPEN_STATUSES);

/** The statuses in which a stage clock runs, as a literal list. */
export const CLOCKED_STATUSES_SQL = codeList(CLOCKED_STATUSES);

/** The open statuses past registration, with 'hung' added when a rule counts the hang list. */
export function registeredOpenSql(withHung: boolean): string {
  return codeList(withHung ? [...REGISTERED_OPEN_STATUSES, 'hung'] : REGISTERED_OPEN_STATUSES);
}

/** Typed reads of a fragment. */
export function all<T>(db: Db, q: SqlFragment): T[] {
  return db.prepare(q.text).all(...q.params) as T[];
}
export function get<T>(db: Db, q: SqlFragment): T | undefined {
  return db.prepare(q.text).get(...q.params) as T | undefined;
}
export function run(db: Db, q: SqlFragment): { changes: number; lastInsertRowid: number | bigint } {
  return db.prepare(q.text).run(...q.params);
}
