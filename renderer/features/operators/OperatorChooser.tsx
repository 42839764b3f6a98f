import { useState } from 'react';
import { OPERATOR_ROLES, type Operator, type OperatorRole } from '../../../electron/contract';
import { toApiError, type ApiError } from '../../api/client';
import { useCall, useWrite } from '../../api/useCall';
import { OPERATOR_ROLE_LABELS } from '../../../db/domain/labels';
import { BusyButton } from '../../ui/BusyButton';
import { Dialog } from '../../ui/Dialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { useOperator } from './useOperator';
import './operators.css';

const ROLE_OPTIONS = OPERATOR_ROLES.map((r) => ({ value: r, label: OPERATOR_ROLE_LABELS[r] }));

const ROLE_HINTS: Record<OperatorRole, string> = {
  supervisor: '立案、派遣、审批延期、结案',
  inspector: '核查处置结果',
  handler: '签收、处置、反馈自己名下的案件',
  manager: '查看与统计',
  admin: '全部操作与设置',
};

/** Who is at the desk: pick from the operators grouped by role, or add one. */
export function OperatorChooser() {
  const { operator, operators, error, choose, closeChooser, retry } = useOperator();
  const [isAdding, setAdding] = useState(false);
  const active = (operators ?? []).filter((o) => o.isActive);

  return (
    <Dialog
      title={isAdding ? '添加操作员' : '选择操作员'}
      subtitle="每一步操作都以当前操作员的名义记录在案件日志中。"
      onClose={operator ? closeChooser : undefined}
      size="medium"
    >
      {error ? (
        <ErrorNotice error={error} action="读取操作员" onRetry={retry} />
      ) : operators === undefined ? (
        <Spinner label="正在读取操作员…" />
      ) : isAdding ? (
        <AddOperatorForm
          onCancel={() => setAdding(false)}
          onCreated={choose}
        />
      ) : (
        <>
          <div className="gd-opchooser">
            {OPERATOR_ROLES.map((role) => {
              const members = active.filter((o) => o.role === role);
              if (members.length === 0) return null;
              return (
                <section key={role} className="gd-opchooser__group" aria-label={OPERATOR_ROLE_LABELS[role]}>
                  <h3>
                    {OPERATOR_ROLE_LABELS[role]}
                    <span className="gd-opchooser__hint">{ROLE_HINTS[role]}</span>
                  </h3>
                  <div className="gd-opchooser__list">
                    {members.map((o) => (
                      <button
                        key={o.id}
                        type="button"
                        className={`gd-opchooser__item${operator?.id === o.id ? ' is-current' : ''}`}
                        onClick={() => choose(o)}
                      >
                        <Icon name="user" size={15} />
                        <span>{o.name}</span>
                      </button>
                    ))}
                  </div>
                </section>
              );
            })}
            {active.length === 0 && <p className="gd-muted">还没有操作员，请先添加。</p>}
          </div>
          <div className="gd-opchooser__foot">
            <button type="button" className="gd-button gd-button--small" onClick={() => setAdding(true)}>
              <Icon name="plus" size={14} />
              添加操作员
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}

/** A new operator; the operators' list refreshes through the cache, and the new one is chosen at once. */
function AddOperatorForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (operator: Operator) => void }) {
  const createOperator = useWrite('operators:create');
  const [name, setName] = useState('');
  const [role, setRole] = useState<OperatorRole>('supervisor');
  const [personId, setPersonId] = useState('');
  const [problems, setProblems] = useState<{ name?: string; person?: string }>({});
  const [isBusy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const persons = useCall('persons:list', { activeOnly: true }, { enabled: role === 'handler' });
  const personOptions = (persons.data ?? []).map((p) => ({ value: String(p.id), label: `${p.name}${p.organization ? `（${p.organization}）` : ''}` }));

  const submit = async () => {
    const next: typeof problems = {};
    if (!name.trim()) next.name = '请填写姓名';
    if (role === 'handler' && !personId) next.person = '处置人员需关联到其负责的网格人员';
    setProblems(next);
    if (next.name || next.person) return;
    setBusy(true);
    setFailure(null);
    try {
      const created = await createOperator({
        name: name.trim(),
        role,
        personId: role === 'handler' ? Number(personId) : null,
      });
      onCreated(created);
    } catch (e) {
      setFailure(toApiError(e));
      setBusy(false);
    }
  };

  return (
    <form
      className="gd-opform"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <TextField id="gd-op-name" label="姓名" limit="name" isRequired error={problems.name} value={name} onChange={setName} />
      <SelectField id="gd-op-role" label="角色" isRequired hint={ROLE_HINTS[role]} options={ROLE_OPTIONS} value={role} onChange={setRole} />
      {role === 'handler' && (
        <SelectField
          id="gd-op-person"
          label="关联人员"
          isRequired
          error={problems.person}
          hint="处置人员只能办理派遣给该人员的案件"
          placeholder={persons.data ? '请选择…' : '正在读取人员…'}
          options={personOptions}
          value={personId}
          onChange={setPersonId}
        />
      )}
      {failure && <ErrorNotice error={failure} action="添加操作员" />}
      <div className="gd-opform__buttons">
        <button type="button" className="gd-button" onClick={onCancel}>
          返回
        </button>
        <BusyButton type="submit" className="gd-button gd-button--accent" isBusy={isBusy}>
          添加并使用
        </BusyButton>
      </div>
    </form>
  );
}
