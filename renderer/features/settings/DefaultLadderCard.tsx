import { useState } from 'react';
import { DEFAULT_LADDER, type Ladder } from '../../../electron/contract';
import { toApiError, type ApiError } from '../../api/client';
import { useWrite } from '../../api/useCall';
import { BusyButton } from '../../ui/BusyButton';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useToast } from '../../ui/useToast';
import { LadderTable } from './LadderTable';
import { differsFrom, draftOf, ladderOf, ladderSummary, type RungDraft } from './ladderDraft';
import { RunLadderButton } from './RunLadderButton';

interface DefaultLadderCardProps {
  readonly saved: Ladder;
  readonly canEdit: boolean;
  readonly canRun: boolean;
}

/**
 * The default escalation ladder (every small class without its own): its rungs edited in a table and
 * saved as a whole; a ladder the host refuses (rungs out of order) stays on screen with the host's reason.
 */
export function DefaultLadderCard({ saved, canEdit, canRun }: DefaultLadderCardProps) {
  const setLadder = useWrite('supervision:set-ladder');
  const toast = useToast();
  const [rungs, setRungs] = useState<RungDraft[]>(() => draftOf(saved));
  const [error, setError] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);
  const ladder = ladderOf(rungs);
  const isDirty = differsFrom(rungs, saved);

  const edit = (next: RungDraft[]) => {
    setRungs(next);
    setError(null);
  };
  const save = async () => {
    if (!ladder) return;
    setBusy(true);
    try {
      const next = await setLadder({ categoryId: null, ladder });
      toast.show({ tone: 'success', text: '默认催办督办规则已保存', detail: ladderSummary(next.default) });
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="gd-settings__card gd-ladder-card" aria-label="默认催办督办规则">
      <div className="gd-settings__cardhead">
        <h2>默认催办督办规则</h2>
        <span className="gd-muted">适用于没有单独规则的所有小类；各环节（签收、派遣、处置、核查）的计时分别按此逐级预警、催办、督办。</span>
        <span className="gd-pagehead__spacer" />
        {canRun && <RunLadderButton />}
      </div>
      <LadderTable label="默认规则" rungs={rungs} onChange={edit} isEditable={canEdit} />
      {error && <ErrorNotice error={error} action="保存默认规则" />}
      {canEdit && (
        <div className="gd-ladder-card__foot">
          {differsFrom(rungs, DEFAULT_LADDER) && (
            <button type="button" className="gd-linkbutton gd-ladder-card__preset" title={ladderSummary(DEFAULT_LADDER)} onClick={() => edit(draftOf(DEFAULT_LADDER))}>
              填入系统预设规则
            </button>
          )}
          <span className="gd-pagehead__spacer" />
          {isDirty && (
            <button type="button" className="gd-linkbutton" onClick={() => edit(draftOf(saved))}>
              撤销
            </button>
          )}
          <BusyButton className="gd-button gd-button--accent" isBusy={isBusy} disabled={!isDirty || ladder === null} onClick={() => void save()}>
            保存默认规则
          </BusyButton>
        </div>
      )}
    </section>
  );
}
