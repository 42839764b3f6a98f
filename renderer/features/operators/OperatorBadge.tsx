import { OPERATOR_ROLE_LABELS } from '../../../db/domain/labels';
import { Icon } from '../../ui/Icon';
import { useOperator } from './useOperator';

/** The current operator in the top bar, with a way to switch. */
export function OperatorBadge() {
  const { operator, openChooser } = useOperator();
  return (
    <span className="gd-topbar__operator" aria-label="当前操作员">
      <Icon name="user" size={15} />
      {operator ? (
        <>
          <span className="gd-topbar__operator-name">{operator.name}</span>
          <span className="gd-topbar__operator-role">{OPERATOR_ROLE_LABELS[operator.role]}</span>
        </>
      ) : (
        <span className="gd-topbar__operator-name">未选择操作员</span>
      )}
      <button type="button" className="gd-topbar__switch" onClick={openChooser}>
        切换
      </button>
    </span>
  );
}
