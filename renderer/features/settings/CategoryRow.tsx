import { useState } from 'react';
import type { Category, LimitUnit } from '../../../electron/contract';
import { toApiError } from '../../api/client';
import { useWrite } from '../../api/useCall';
import { LIMIT_UNIT_LABELS } from '../../../db/domain/labels';
import { BusyButton } from '../../ui/BusyButton';
import { useToast } from '../../ui/useToast';

interface Draft {
  readonly limit: string;
  readonly unit: LimitUnit;
  readonly isUrgent: boolean;
  readonly isActive: boolean;
}

const draftOf = (c: Category): Draft => ({
  limit: c.handlingLimit === null ? '' : String(c.handlingLimit),
  unit: c.handlingUnit ?? 'wh',
  isUrgent: c.isUrgent,
  isActive: c.isActive,
});

/**
 * One small class, edited in place; 保存 appears when something changed. The saved class counts as the
 * original at once, until the category list (refreshed through the cache) brings it.
 */
export function CategoryRow({ category, canEdit }: { category: Category; canEdit: boolean }) {
  const updateCategory = useWrite('categories:update');
  const toast = useToast();
  const [draft, setDraft] = useState<Draft>(() => draftOf(category));
  const [saved, setSaved] = useState<{ from: Category; to: Category } | null>(null);
  const [isBusy, setBusy] = useState(false);
  const original = draftOf(saved?.from === category ? saved.to : category);
  const isDirty = JSON.stringify(draft) !== JSON.stringify(original);
  const limit = Number(draft.limit);
  const problem = draft.limit.trim() === '' || !Number.isFinite(limit) || limit <= 0 || limit > 365 ? '时限应为 0～365 之间的数' : null;

  const save = async () => {
    if (problem) return;
    setBusy(true);
    try {
      const next = await updateCategory({
        id: category.id,
        handlingLimit: limit,
        handlingUnit: draft.unit,
        isUrgent: draft.isUrgent,
        isActive: draft.isActive,
      });
      setSaved({ from: category, to: next });
      setDraft(draftOf(next));
      toast.show({ tone: 'success', text: `已保存「${next.name}」`, detail: `处置时限 ${next.handlingLimit} ${LIMIT_UNIT_LABELS[next.handlingUnit ?? 'wh']}` });
    } catch (e) {
      toast.show({ tone: 'error', text: `未能保存「${category.name}」`, detail: toApiError(e).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <tr className={`${isDirty ? 'is-dirty' : ''}${draft.isActive ? '' : ' is-inactive'}`}>
      <td className="gd-mono">{category.code}</td>
      <td>{category.name}</td>
      <td>
        <span className="gd-cattable__limit">
          <input
            className={`gd-input gd-input--small gd-cattable__number${problem && isDirty ? ' is-invalid' : ''}`}
            inputMode="decimal"
            aria-label={`${category.name} 处置时限`}
            value={draft.limit}
            disabled={!canEdit}
            title={problem ?? undefined}
            onChange={(e) => setDraft({ ...draft, limit: e.target.value })}
          />
          <select
            className="gd-select gd-select--small"
            aria-label={`${category.name} 时限单位`}
            value={draft.unit}
            disabled={!canEdit}
            onChange={(e) => setDraft({ ...draft, unit: e.target.value as LimitUnit })}
          >
            <option value="wh">{LIMIT_UNIT_LABELS.wh}</option>
            <option value="wd">{LIMIT_UNIT_LABELS.wd}</option>
          </select>
        </span>
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={`${category.name} 紧急`}
          checked={draft.isUrgent}
          disabled={!canEdit}
          onChange={(e) => setDraft({ ...draft, isUrgent: e.target.checked })}
        />
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={`${category.name} 启用`}
          checked={draft.isActive}
          disabled={!canEdit}
          onChange={(e) => setDraft({ ...draft, isActive: e.target.checked })}
        />
      </td>
      <td className="gd-table__actions">
        {isDirty && (
          <>
            <button type="button" className="gd-linkbutton" onClick={() => setDraft(original)}>
              撤销
            </button>
            <BusyButton className="gd-button gd-button--small gd-button--accent" isBusy={isBusy} disabled={problem !== null} onClick={() => void save()}>
              保存
            </BusyButton>
          </>
        )}
      </td>
    </tr>
  );
}
