import { ASSESS_OBJECT_LABELS, type AssessDiff, type ObjectChange } from '../../../electron/contract';
import { casesLink } from './assessLinks';
import { formatPoints, formatScore, formatValue } from './format';

interface DiffViewProps {
  readonly diff: AssessDiff;
  readonly onNavigate: (hash: string) => void;
}

function standing(s: ObjectChange['before']): string {
  if (!s) return '无';
  return `${formatScore(s.score)}${s.grade ? ` ${s.grade}` : ''}${s.rank !== null ? ` 第${s.rank}名` : ''}`;
}

function CaseLink({ ids, sign, onNavigate }: { ids: readonly number[]; sign: '+' | '−'; onNavigate: (hash: string) => void }) {
  const link = casesLink(ids);
  if (!link) return null;
  return (
    <a
      href={link.hash}
      className={`gd-assess-cases gd-assess-cases--${sign === '+' ? 'added' : 'removed'}`}
      title={sign === '+' ? '此次计入、上一版未计入的案件' : '上一版计入、此次不再计入的案件'}
      onClick={(e) => {
        e.preventDefault();
        onNavigate(link.hash);
      }}
    >
      {sign}
      {link.count} 件
    </a>
  );
}

/** What moved between two versions and why: the host's sentences, then each object's indicators and the cases that changed. */
export function DiffView({ diff, onNavigate }: DiffViewProps) {
  const to = diff.to === null ? '当前草稿' : `第 ${diff.to} 版`;
  return (
    <div className="gd-assess-diff">
      <h3>
        第 {diff.from} 版 → {to}
        {diff.schemeChanged && (
          <span className="gd-tag gd-tag--info">
            方案第 {diff.schemeChanged.from} 版 → 第 {diff.schemeChanged.to} 版
          </span>
        )}
      </h3>
      {diff.summary.length > 0 ? (
        <ul className="gd-assess-diff__summary">
          {diff.summary.map((s, k) => (
            <li key={k}>{s}</li>
          ))}
        </ul>
      ) : (
        <p className="gd-muted">两个版本的排名与得分相同。</p>
      )}
      {diff.changes.length > 0 && (
        <table className="gd-table gd-assess-diff__table" aria-label="变动明细">
          <thead>
            <tr>
              <th>对象</th>
              <th>之前</th>
              <th>之后</th>
              <th>指标变动（数值、得分与案件）</th>
            </tr>
          </thead>
          <tbody>
            {diff.changes.map((c) => (
              <tr key={`${c.type}:${c.code}`}>
                <td>
                  <span className="gd-tag">{ASSESS_OBJECT_LABELS[c.type]}</span> {c.name}
                </td>
                <td className="gd-nowrap">{standing(c.before)}</td>
                <td className="gd-nowrap">{standing(c.after)}</td>
                <td>
                  {c.indicators.map((i) => (
                    <div key={i.id} className="gd-assess-diff__indicator">
                      <b>{i.label}</b> {formatValue(i.id, i.before)} → {formatValue(i.id, i.after)}，得分 {formatPoints(i.pointsBefore)} → {formatPoints(i.pointsAfter)}
                      <CaseLink ids={i.addedCaseIds} sign="+" onNavigate={onNavigate} />
                      <CaseLink ids={i.removedCaseIds} sign="−" onNavigate={onNavigate} />
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
