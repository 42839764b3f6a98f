import { use } from 'react';
import type { ApiClient } from '../../electron/contract';
import { ApiContext } from './apiContext';

export function useApi(): ApiClient {
  const client = use(ApiContext);
  if (client === null) throw new Error('useApi() needs an <ApiProvider> above it');
  return client;
}
