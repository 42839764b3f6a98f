import { useCallback, useEffect, useState } from 'react';
import type { CallInput, CallName, CallOutput } from '../../electron/contract';
import { type ApiError, toApiError } from './client';
import { useApi } from './useApi';

export interface CallState<T> {
  /** The last value received; kept while a reload is in flight. */
  readonly data: T | undefined;
  readonly error: ApiError | null;
  readonly isLoading: boolean;
  readonly reload: () => void;
}

/**
 * Runs one call when the component mounts and again whenever its input (compared by value) or a
 * reload asks for it. A late answer to an outdated request is dropped.
 */
export function useCall<K extends CallName>(
  name: K,
  input: CallInput<K>,
  options: { enabled?: boolean } = {},
): CallState<CallOutput<K>> {
  const api = useApi();
  const enabled = options.enabled ?? true;
  const key = JSON.stringify(input ?? {});
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<{ data: CallOutput<K> | undefined; error: ApiError | null; isLoading: boolean }>(
    { data: undefined, error: null, isLoading: enabled },
  );

  useEffect(() => {
    if (!enabled) {
      setState((s) => (s.isLoading ? { ...s, isLoading: false } : s));
      return;
    }
    let isCurrent = true;
    setState((s) => ({ ...s, error: null, isLoading: true }));
    const fn = api[name] as (input: unknown) => Promise<CallOutput<K>>;
    fn(JSON.parse(key) as unknown).then(
      (data) => {
        if (isCurrent) setState({ data, error: null, isLoading: false });
      },
      (e: unknown) => {
        if (isCurrent) setState((s) => ({ data: s.data, error: toApiError(e), isLoading: false }));
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [api, name, key, enabled, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
