import { use } from 'react';
import type { ApiClient } from '../../electron/contract';
import { ApiContext } from './apiContext';

/**
 * The raw client, outside the cache: for one-off reads of a file or a point (uploads, previews, grid
 * look-ups) and for the few writes that refresh the cache themselves (useRefreshAfter). Ordinary reads go
 * through useCall and ordinary writes through useWrite, so every view stays current.
 */
export function useApi(): ApiClient {
  const client = use(ApiContext);
  if (client === null) throw new Error('useApi() needs an <ApiProvider> above it');
  return client;
}
