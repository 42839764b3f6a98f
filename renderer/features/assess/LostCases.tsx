import { STATUS_LABELS, type AssessCaseLink, type AssessIndicatorId, type IncidentStatus } from '../../../electron/contract';
import { casesLink } from './assessLinks';

interface LostCasesProps {
  readonly cases: readonly AssessCaseLink[];
  /** Each lost case with the indicators it cost points under. */
  readonly lost: ReadonlyMap<number, readonly { id: AssessIndicatorId; label: string }[]>;
  readonly onNavigate: (hash: string) => void;
}

const SHOWN = 12;

/** The cases that cost the object points, each with why, newest first; each opens the case, all open the list. */
export function LostCases({ cases, lost, onNavigate }: LostCasesProps) {
  const rows = cases.filter((c) => lost.has(c.id)).sort((a, b) => b.reportedAt - a.reportedAt);
  if (rows.length === 0) return <p className="gd-muted gd-assess-detail__note">没有失分案件。</p>;
  const all = casesLink(rows.map((c) => c.id));
  const go = (hash: string) => (e: { preventDefault: () => void }) => {
    e.preventDefault();
    onNavigate(hash);
  };
  return (
    <div className="gd-assess-lostcases">
      <div className="gd-assess-lostcases__head">
        <h3>失分案件</h3>
        {all && (
          <a className="gd-assess-cases" href={all.hash} onClick={go(all.hash)} aria-label={`全部失分案件：${all.count} 件案件`}>
            在案件列表中查看全部 {all.count} 件
          </a>
        )}
      </div>
      <ul>
        {rows.slice(0, SHOWN).map((c) => (
          <li key={c.id}>
            <a href={`#/cases/${c.id}`} onClick={go(`#/cases/${c.id}`)} className="gd-assess-lostcases__no">
              {c.caseNo}
            </a>
            <span>{c.categoryName}</span>
            <span className="gd-muted">{STATUS_LABELS[c.status as IncidentStatus] ?? c.status}</span>
            <span className="gd-assess-lost">{(lost.get(c.id) ?? []).map((i) => i.label).join('、')}</span>
          </li>
        ))}
      </ul>
      {rows.length > SHOWN && <p className="gd-muted gd-assess-detail__note">另有 {rows.length - SHOWN} 件，见案件列表。</p>}
    </div>
  );
}
