import { LADDER_LEVELS, LADDER_LEVEL_LABELS, LADDER_TARGETS, LADDER_TARGET_LABELS, LIMIT_UNITS, type Ladder } from '../../../electron/contract';
import { LIMIT_UNIT_LABELS } from '../../../db/domain/labels';
import { Icon } from '../../ui/Icon';
import { Select } from '../../ui/SelectField';
import { MAX_RUNGS, TRIGGER_KIND_LABELS, nextRung, triggerText, valueProblem, type RungDraft, type TriggerKind } from './ladderDraft';

const LEVEL_OPTIONS = LADDER_LEVELS.map((l) => ({ value: l, label: LADDER_LEVEL_LABELS[l] }));
const TARGET_OPTIONS = LADDER_TARGETS.map((t) => ({ value: t, label: LADDER_TARGET_LABELS[t] }));
const KIND_OPTIONS = (['share', 'after'] as const).map((k) => ({ value: k, label: TRIGGER_KIND_LABELS[k] }));
const UNIT_OPTIONS = LIMIT_UNITS.map((u) => ({ value: u, label: LIMIT_UNIT_LABELS[u] }));

const LEVEL_TONES = { warning: 'gd-ladder__level--warning', urge: 'gd-ladder__level--urge', supervise: 'gd-ladder__level--supervise' } as const;

interface LadderTableProps {
  /** The table's accessible name ('默认规则', '「暴露垃圾」的规则'). */
  readonly label: string;
  readonly rungs: readonly RungDraft[];
  readonly onChange: (rungs: RungDraft[]) => void;
  readonly isEditable: boolean;
}

/** The rungs of a ladder, one row each (级别, 触发, 通知对象), edited in place; rows added and removed. */
export function LadderTable({ label, rungs, onChange, isEditable }: LadderTableProps) {
  const set = (k: number, patch: Partial<RungDraft>) => onChange(rungs.map((r, i) => (i === k ? { ...r, ...patch } : r)));
  return (
    <div className="gd-ladder">
      <table className="gd-table gd-ladder__table" aria-label={label}>
        <thead>
          <tr>
            <th className="gd-ladder__n">级</th>
            <th>级别</th>
            <th>触发</th>
            <th>通知对象</th>
            {isEditable && <th className="gd-table__actions" />}
          </tr>
        </thead>
        <tbody>
          {rungs.map((r, k) => {
            const n = `第 ${k + 1} 级`;
            const problem = valueProblem(r);
            return (
              <tr key={k}>
                <td className="gd-ladder__n gd-num">{k + 1}</td>
                {isEditable ? (
                  <>
                    <td>
                      <Select label={`${n} 级别`} isSmall options={LEVEL_OPTIONS} value={r.level} onChange={(level) => set(k, { level })} />
                    </td>
                    <td>
                      <span className="gd-ladder__trigger">
                        <Select<TriggerKind>
                          label={`${n} 触发方式`}
                          isSmall
                          options={KIND_OPTIONS}
                          value={r.kind}
                          onChange={(kind) => set(k, kind === r.kind ? {} : { kind, value: kind === 'share' ? '100' : '1' })}
                        />
                        <input
                          className={`gd-input gd-input--small gd-ladder__number${problem ? ' is-invalid' : ''}`}
                          inputMode="decimal"
                          aria-label={`${n} ${r.kind === 'share' ? '百分比' : '时长'}`}
                          aria-invalid={problem ? true : undefined}
                          title={problem ?? undefined}
                          value={r.value}
                          onChange={(e) => set(k, { value: e.target.value })}
                        />
                        {r.kind === 'share' ? (
                          <span className="gd-ladder__unit">%</span>
                        ) : (
                          <Select label={`${n} 时长单位`} isSmall options={UNIT_OPTIONS} value={r.unit} onChange={(unit) => set(k, { unit })} />
                        )}
                      </span>
                    </td>
                    <td>
                      <Select label={`${n} 通知对象`} isSmall options={TARGET_OPTIONS} value={r.notify} onChange={(notify) => set(k, { notify })} />
                    </td>
                    <td className="gd-table__actions">
                      <button
                        type="button"
                        className="gd-iconbutton gd-iconbutton--plain"
                        aria-label={`删除${n}`}
                        title={rungs.length <= 1 ? '至少保留一级' : `删除${n}`}
                        disabled={rungs.length <= 1}
                        onClick={() => onChange(rungs.filter((_, i) => i !== k))}
                      >
                        <Icon name="close" size={13} />
                      </button>
                    </td>
                  </>
                ) : (
                  <ReadOnlyCells rung={r} />
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {isEditable && (
        <button type="button" className="gd-linkbutton gd-ladder__add" disabled={rungs.length >= MAX_RUNGS} onClick={() => onChange([...rungs, nextRung(rungs)])}>
          <Icon name="plus" size={13} />
          {rungs.length >= MAX_RUNGS ? `最多 ${MAX_RUNGS} 级` : '添加一级'}
        </button>
      )}
    </div>
  );
}

function ReadOnlyCells({ rung }: { rung: RungDraft }) {
  const at: Ladder['rungs'][number]['at'] =
    rung.kind === 'share' ? { kind: 'share', value: Number(rung.value) / 100 } : { kind: 'after', value: Number(rung.value), unit: rung.unit };
  return (
    <>
      <td>
        <span className={`gd-ladder__level ${LEVEL_TONES[rung.level]}`}>{LADDER_LEVEL_LABELS[rung.level]}</span>
      </td>
      <td>{triggerText({ level: rung.level, at, notify: rung.notify })}</td>
      <td>{LADDER_TARGET_LABELS[rung.notify]}</td>
    </>
  );
}
