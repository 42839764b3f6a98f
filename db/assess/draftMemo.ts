/**
 * The month's draft, remembered: clicking an object, opening the diff or the 月报 after the ranking reads
 * the draft already computed instead of counting the month again.
 *
 * A draft is kept per connection, keyed by the scheme, its version, the month and the connection's change
 * marker: `PRAGMA data_version` (changes whenever another connection has committed since — the host's
 * writer, seen from a reader or a call host worker) with `total_changes()` (every row this connection
 * wrote itself, triggers included). GridDesk keeps no stored change counter that every write bumps (the
 * last event id misses edits to persons, duties, units, grids and settings), and these two together change
 * on every committed write any connection makes, so a case edit always misses the memo. A month not yet
 * over is counted as of a moment: its draft is reused for a minute after it was computed (its computedAt
 * says as of when), a finished month's until the data change. At most MEMO_SIZE drafts per connection,
 * the least recently used dropped first.
 *
 * The drafts handed out are shared: read them, never change them.
 */
import { changeMarker, type Db } from '../open';
import { computeAssessment } from './compute';
import { monthPeriod } from './figures';
import { getScheme } from './schemes';
import type { AssessResult } from './types';

export const MEMO_SIZE = 4;
/** How long a draft of a month not yet over counts as current. */
export const OPEN_MONTH_REUSE_MS = 60_000;

interface Entry {
  readonly at: number;
  readonly result: AssessResult;
}

const memos = new WeakMap<Db, Map<string, Entry>>();

/** The month's draft under the scheme's current version, from the memo when nothing changed since. */
export function draftAssessment(db: Db, schemeRef: number | string, month: string, now: number): AssessResult {
  const scheme = getScheme(db, schemeRef);
  const key = `${scheme.id}:${scheme.version}:${month}:${changeMarker(db)}`;
  let memo = memos.get(db);
  if (!memo) memos.set(db, (memo = new Map()));
  const hit = memo.get(key);
  const open = now < monthPeriod(month, now).end;
  if (hit && (!open || (now >= hit.at && now - hit.at < OPEN_MONTH_REUSE_MS))) {
    memo.delete(key);
    memo.set(key, hit);
    return hit.result;
  }
  const result = computeAssessment(db, scheme.id, month, now);
  memo.delete(key);
  memo.set(key, { at: now, result });
  while (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value!);
  return result;
}
