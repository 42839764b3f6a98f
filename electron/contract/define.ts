/**
 * How a call is declared: its input schema, its output type, a one-line doc, and what it has to do with
 * the cache — the topics a read depends on, the topics a write changes. The renderer's keyed cache
 * refreshes every read whose topics a successful write names, so no page passes callbacks around.
 *
 * Pure module: no Node, no Electron, no DOM.
 */
import { z } from 'zod';
import type { OperatorRole } from '../../db/domain/codes';

// Validation messages in Simplified Chinese: they reach the people at the desk.
z.config(z.locales.zhCN());

/** The kinds of stored data a read can depend on and a write can change. */
export const TOPICS = [
  'app', // the database as a whole (counts, demo marker): every write touches it
  'grids',
  'categories',
  'operators',
  'persons', // persons and their duties
  'incidents', // cases and their event log
  'attachments',
  'calendar',
  'settings', // counting rule, basemap, unit name
  'campaigns',
  'imports', // batches, their rows and issues
  'mappings',
  'session', // who is logged in at this desk
  'log', // the settings log and the login log
  'assessments', // assessment schemes and published results
] as const;
export type Topic = (typeof TOPICS)[number];

/**
 * Who may make a call: anyone (before logging in: the login itself, the app's name), any logged-in
 * operator, or only operators of the listed roles. The host enforces it from the session, never from a
 * field the client sends.
 */
export type Access = 'public' | 'session' | readonly OperatorRole[];

export const ADMIN_ONLY: readonly OperatorRole[] = ['admin'];

/** The operator a call runs as, decided by the host from the session (or the command line on this PC). */
export interface Actor {
  /** Null for the command line, which acts as the PC's own administrator. */
  readonly operatorId: number | null;
  readonly name: string;
  readonly role: OperatorRole;
  readonly personId: number | null;
}

/** What the transport knows about a request; the client cannot set any of it. */
export interface Caller {
  readonly transport: 'electron' | 'http' | 'direct';
  /** The session token (HTTP header, or the window's session in Electron). */
  readonly session: string | null;
  /** The peer address for the login log ('127.0.0.1', 'window 3', 'cli'). */
  readonly address: string;
  /** Only for 'direct' callers (the command line, in-process code): act as this operator. */
  readonly actor?: Actor;
}

/** What a handler receives besides its input. */
export interface CallContext {
  /** Null only for public calls made without a session. */
  readonly actor: Actor | null;
  readonly caller: Caller;
}

export interface CallSpec<I extends z.ZodType, O> {
  readonly input: I;
  readonly doc: string;
  readonly access: Access;
  /** Topics whose change makes this call's answer stale (reads). */
  readonly reads: readonly Topic[];
  /** Topics this call changes (writes); empty for reads. */
  readonly writes: readonly Topic[];
  /** The desk makes this call on a timer (the queue's poll): it is not the operator's activity and never keeps a session from locking. */
  readonly background: boolean;
  /** Phantom: carries the output type, never read at run time. */
  readonly output?: O;
}

interface Declared<I extends z.ZodType> {
  readonly input: I;
  readonly doc: string;
  /** Default: any logged-in operator. */
  readonly access?: Access;
  readonly reads?: readonly Topic[];
  readonly writes?: readonly Topic[];
  readonly background?: boolean;
}

/**
 * `call<Output>()({ input, doc, reads | writes })`: the output type is given, the input type inferred.
 * A write always changes 'app' (the counts) as well.
 */
export function call<O>() {
  return <I extends z.ZodType>(spec: Declared<I>): CallSpec<I, O> => ({
    input: spec.input,
    doc: spec.doc,
    access: spec.access ?? 'session',
    reads: spec.reads ?? [],
    writes: spec.writes?.length ? [...new Set<Topic>([...spec.writes, 'app'])] : [],
    background: spec.background ?? false,
  });
}

/** One domain's calls. */
export type CallMap = Record<string, CallSpec<z.ZodType, unknown>>;

/** The handlers that implement one slice of the contract, typed by that slice alone. */
export type SliceHandlers<S extends CallMap> = {
  [K in keyof S]: (input: z.output<S[K]['input']>, ctx?: CallContext) => SliceOutput<S, K> | Promise<SliceOutput<S, K>>;
};
type SliceOutput<S extends CallMap, K extends keyof S> = Exclude<S[K]['output'], undefined>;
