/** 考核: schemes, the month's draft, publishing, published versions, diffs and one object's detail. */
import { AppError } from '../../db/domain/errors';
import type { Handlers } from '../contract';
import type { HandlerDeps } from './deps';

type AssessHandlers = Pick<
  Handlers,
  | 'assess:schemes'
  | 'assess:scheme-save'
  | 'assess:compute'
  | 'assess:publish'
  | 'assess:published'
  | 'assess:result'
  | 'assess:diff'
  | 'assess:object'
  | 'assess:verify'
>;

const pending = (): never => {
  throw new AppError('internal', '考核计算尚在建设中');
};

/** Who may is declared in the contract and enforced by the gate. */
export function assessHandlers(_deps: HandlerDeps & { readDb: HandlerDeps['db'] }): AssessHandlers {
  return {
    'assess:schemes': pending,
    'assess:scheme-save': pending,
    'assess:compute': pending,
    'assess:publish': pending,
    'assess:published': pending,
    'assess:result': pending,
    'assess:diff': pending,
    'assess:object': pending,
    'assess:verify': pending,
  };
}
