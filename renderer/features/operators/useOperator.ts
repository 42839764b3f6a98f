import { use } from 'react';
import { OperatorContext, type OperatorState } from './operatorContext';

export function useOperator(): OperatorState {
  const state = use(OperatorContext);
  if (state === null) throw new Error('useOperator() needs an <OperatorProvider> above it');
  return state;
}
