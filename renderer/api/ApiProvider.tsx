import { QueryClientProvider } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import type { ApiClient } from '../../electron/contract';
import { ApiContext } from './apiContext';
import { AuthWatchContext, createAuthWatch, watchClient } from './authWatch';
import { createQueryClient } from './cache';

/**
 * The client and its cache of answers; a new client (a test's fake) starts with an empty cache. Calls
 * that find the session locked or ended are reported to the auth watch (authWatch.ts).
 */
export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  const watch = useMemo(createAuthWatch, []);
  const watched = useMemo(() => watchClient(client, watch), [client, watch]);
  // Keyed on the client: answers from one host are never shown for another.
  const queryClient = useMemo(createQueryClient, [client]);
  return (
    <ApiContext value={watched}>
      <AuthWatchContext value={watch}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </AuthWatchContext>
    </ApiContext>
  );
}
