import type { Operator } from '../../../electron/contract';

/** The id every editing call carries; the buttons are disabled without an operator, so this is a guard. */
export function operatorIdOrThrow(operator: Operator | null): number {
  if (!operator) throw new Error('请先选择操作员');
  return operator.id;
}
