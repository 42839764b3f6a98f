import { QueryClientProvider } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import type { ApiClient } from '../../electron/contract';
import { ApiContext } from './apiContext';
import { createQueryClient } from './cache';

/** The client and its cache of answers; a new client (a test's fake) starts with an empty cache. */
export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  // Keyed on the client: answers from one host are never shown for another.
  const queryClient = useMemo(createQueryClient, [client]);
  return (
    <ApiContext value={client}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </ApiContext>
  );
}
