import { createContext } from 'react';
import type { Operator } from '../../../electron/contract';
import type { ApiError } from '../../api/client';

export interface OperatorState {
  /** Who sits at the desk now; null until someone is chosen. */
  readonly operator: Operator | null;
  readonly operators: readonly Operator[] | undefined;
  readonly error: ApiError | null;
  readonly isChooserOpen: boolean;
  readonly choose: (operator: Operator) => void;
  readonly openChooser: () => void;
  readonly closeChooser: () => void;
  /** Read the operators again after a failure (a new operator refreshes the list by itself). */
  readonly retry: () => void;
}

export const OperatorContext = createContext<OperatorState | null>(null);
