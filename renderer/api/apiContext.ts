import { createContext } from 'react';
import type { ApiClient } from '../../electron/contract';

/** The client components use; provided once at the root, replaced by a fake in tests. */
export const ApiContext = createContext<ApiClient | null>(null);
