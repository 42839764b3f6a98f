import { useState } from 'react';
import type { Category, Ladder } from '../../../electron/contract';
import { toApiError, type ApiError } from '../../api/client';
import { useWrite } from '../../api/useCall';
import { BusyButton } from '../../ui/BusyButton';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useToast } from '../../ui/useToast';
import { LadderTable } from './LadderTable';
import { differsFrom, draftOf, ladderOf, ladderSummary, type RungDraft } from './ladderDraft';

type Mode = 'default' | 'own';

interface CategoryLadderEditorProps {
  readonly category: Category;
  /** The class's own ladder; null: it uses the default. */
  readonly own: Ladder | null;
  /** The default ladder (shown when the class uses it, and the start of an own ladder). */
  readonly fallback: Ladder;
  readonly canEdit: boolean;
}

/** One small class's ladder: 使用默认规则, or its own rungs; 保存 sends the own ladder or null (back to the default). */
export function CategoryLadderEditor({ category, own, fallback, canEdit }: CategoryLadderEditorProps) {
  const setLadder = useWrite('supervision:set-ladder');
  const toast = useToast();
  const savedMode: Mode = own ? 'own' : 'default';
  const [mode, setMode] = useState<Mode>(savedMode);
  const [rungs, setRungs] = useState<RungDraft[]>(() => draftOf(own ?? fallback));
  const [error, setError] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);
  const ladder = ladderOf(rungs);
  const isDirty = mode !== savedMode || (mode === 'own' && own !== null && differsFrom(rungs, own));
  const name = `「${category.name}」`;

  const edit = (next: RungDraft[]) => {
    setRungs(next);
    setError(null);
  };
  const choose = (next: Mode) => {
    setMode(next);
    setError(null);
  };
  const save = async () => {
    if (mode === 'own' && !ladder) return;
    setBusy(true);
    try {
      const next = await setLadder({ categoryId: category.id, ladder: mode === 'own' ? ladder : null });
      const mine = next.categories[String(category.id)];
      toast.show(
        mine
          ? { tone: 'success', text: `${name}的催办督办规则已保存`, detail: ladderSummary(mine) }
          : { tone: 'success', text: `${name}已恢复使用默认规则`, detail: ladderSummary(next.default) },
      );
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="gd-ladder-card__category">
      <div className="gd-ladder-card__mode">
        <span className="gd-ladder-card__name">
          <span className="gd-mono">{category.code}</span> {category.name}
        </span>
        {canEdit ? (
          <div className="gd-segmented" role="group" aria-label={`${name}的规则`}>
            <button type="button" className="gd-segmented__item" aria-pressed={mode === 'default'} onClick={() => choose('default')}>
              使用默认规则
            </button>
            <button type="button" className="gd-segmented__item" aria-pressed={mode === 'own'} onClick={() => choose('own')}>
              单独设置
            </button>
          </div>
        ) : (
          <span className="gd-tag">{own ? '单独设置' : '使用默认规则'}</span>
        )}
        {mode === 'default' && <span className="gd-muted">以下为默认规则，修改请到上方“默认催办督办规则”。</span>}
      </div>
      {mode === 'own' ? (
        <LadderTable label={`${name}的规则`} rungs={rungs} onChange={edit} isEditable={canEdit} />
      ) : (
        <LadderTable label={`${name}使用的默认规则`} rungs={draftOf(fallback)} onChange={() => {}} isEditable={false} />
      )}
      {error && <ErrorNotice error={error} action={`保存${name}的规则`} />}
      {canEdit && (
        <div className="gd-ladder-card__foot">
          <span className="gd-pagehead__spacer" />
          {isDirty && (
            <button
              type="button"
              className="gd-linkbutton"
              onClick={() => {
                choose(savedMode);
                edit(draftOf(own ?? fallback));
              }}
            >
              撤销
            </button>
          )}
          <BusyButton className="gd-button gd-button--accent" isBusy={isBusy} disabled={!isDirty || (mode === 'own' && ladder === null)} onClick={() => void save()}>
            {mode === 'own' || savedMode === 'default' ? `保存${name}的规则` : `恢复${name}使用默认规则`}
          </BusyButton>
        </div>
      )}
    </div>
  );
}
