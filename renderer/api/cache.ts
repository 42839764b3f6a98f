/**
 * The renderer's one cache of answers, keyed `[callName, input]` (TanStack Query). What makes an answer
 * stale is declared in the contract: every read names the topics it depends on, every write the topics
 * it changes. After a write succeeds — or a job started by a call ends — every cached read whose topics
 * it changed is refreshed, so a step taken in one view shows in all the others without callbacks
 * passed between them.
 */
import { MutationCache, QueryClient, type Query } from '@tanstack/react-query';
import { staleReads, topicsWritten, type CallInput, type CallName } from '../../electron/contract';
import { toApiError, type ApiErrorKind } from './client';

/** The cache key of one call with one input. */
export type CallKey<K extends CallName = CallName> = readonly [K, CallInput<K>];

export function callKey<K extends CallName>(name: K, input: CallInput<K>): CallKey<K> {
  return [name, (input ?? {}) as CallInput<K>];
}

/** What a write declares on its mutation, so the cache knows what it changed. */
export interface WriteMeta extends Record<string, unknown> {
  readonly call: CallName;
}

/** Failures a second try can cure: the host was unreachable for a moment, or another writer held the database. */
const TRANSIENT: ReadonlySet<ApiErrorKind> = new Set(['transport', 'busy']);
const MAX_RETRIES = 2;

/** How long an answer counts as fresh when no write of this page made it stale (another window, the CLI). */
export const STALE_MS = 30_000;

/** Answers too large to keep long once no view shows them (photos as Base64, every point of a filter). */
const BULKY: readonly CallName[] = ['attachments:get', 'map:points', 'reports:weekly-html', 'reports:monthly-html'];
const BULKY_GC_MS = 30_000;

/** Marks stale, and refetches where shown, every read the topics changed by `name` make stale. */
export function refreshAfter(client: QueryClient, name: CallName): Promise<void> {
  const stale = new Set<string>(staleReads(topicsWritten(name)));
  return client.invalidateQueries({ predicate: (query: Query) => stale.has(String(query.queryKey[0])) });
}

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    mutationCache: new MutationCache({
      onSuccess: (_data, _input, _context, mutation) => {
        const meta = mutation.options.meta as WriteMeta | undefined;
        if (meta) void refreshAfter(client, meta.call);
      },
      onError: (error, _input, _context, mutation) => {
        // A conflict means what the page shows is out of date: read it again.
        const meta = mutation.options.meta as WriteMeta | undefined;
        if (meta && toApiError(error).kind === 'conflict') void refreshAfter(client, meta.call);
      },
    }),
    defaultOptions: {
      queries: {
        // The host is on this PC: never wait for the browser to think it is online.
        networkMode: 'always',
        staleTime: STALE_MS,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        retry: (failures, error) => failures < MAX_RETRIES && TRANSIENT.has(toApiError(error).kind),
        retryDelay: (attempt) => 300 * 2 ** attempt,
      },
      // A finished write is not kept: its input may be a 20 MB photo.
      mutations: { networkMode: 'always', retry: false, gcTime: 0 },
    },
  });
  for (const name of BULKY) client.setQueryDefaults([name], { gcTime: BULKY_GC_MS });
  return client;
}
