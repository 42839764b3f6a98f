import {
  ASSESS_OBJECT_LABELS,
  INDICATOR_INFO,
  INSUFFICIENT_LABEL,
  type AssessIndicatorId,
  type AssessObjectType,
  type IndicatorDirection,
  type IndicatorScore,
} from '../../../electron/contract';
import { useCall } from '../../api/useCall';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { casesLink } from './assessLinks';
import { GradeChip } from './GradeChip';
import { LostCases } from './LostCases';
import { formatPoints, formatScore, formatValue } from './format';

interface ObjectDetailProps {
  readonly schemeId: number;
  readonly month: string;
  readonly version: number | null;
  readonly type: AssessObjectType;
  readonly code: string;
  /** Which way is better for each indicator under the scheme shown. */
  readonly directionOf: (id: AssessIndicatorId) => IndicatorDirection;
  readonly onClose: () => void;
  readonly onNavigate: (hash: string) => void;
}

/**
 * The cases that cost an indicator its points: for a rate where higher is better those counted but not in
 * its numerator, where lower is better those in its numerator; for a count where lower is better every one.
 */
export function lostCaseIds(s: IndicatorScore, direction: IndicatorDirection): readonly number[] {
  if (INDICATOR_INFO[s.id].kind === 'rate') {
    if (!s.numeratorCaseIds) return [];
    const numerator = new Set(s.numeratorCaseIds);
    return direction === 'higher' ? s.caseIds.filter((c) => !numerator.has(c)) : s.numeratorCaseIds;
  }
  return direction === 'lower' ? s.caseIds : [];
}

function CasesButton({ caseIds, label, onNavigate }: { caseIds: readonly number[]; label: string; onNavigate: (hash: string) => void }) {
  const link = casesLink(caseIds);
  if (!link) return <span className="gd-muted">—</span>;
  return (
    <a
      className="gd-assess-cases"
      href={link.hash}
      title={link.isTruncated ? `共 ${link.count} 件，列表显示前 ${caseIds.length} 件` : `在案件列表中查看这 ${link.count} 件案件`}
      aria-label={`${label}：${link.count} 件案件`}
      onClick={(e) => {
        e.preventDefault();
        onNavigate(link.hash);
      }}
    >
      {link.count.toLocaleString('zh-CN')} 件
    </a>
  );
}

function ratio(s: IndicatorScore): string {
  return s.numerator !== null && s.denominator !== null ? `${s.numerator.toLocaleString('zh-CN')} / ${s.denominator.toLocaleString('zh-CN')}` : '';
}

/** One object's score: every indicator's figure, weight and points, the deductions, and the cases behind each. */
export function ObjectDetail({ schemeId, month, version, type, code, directionOf, onClose, onNavigate }: ObjectDetailProps) {
  const detail = useCall('assess:object', { schemeId, month, version, type, code });
  const d = detail.data;
  const o = d && d.object.code === code && d.object.type === type ? d.object : undefined;
  const indicators = o ? Object.values(o.indicators).filter((s): s is IndicatorScore => s !== undefined) : [];
  const deducted = o ? o.deductions.reduce((n, x) => n + x.points, 0) : 0;
  const allCases = d ? d.cases.map((c) => c.id) : [];
  const lost = new Map<number, { id: AssessIndicatorId; label: string }[]>();
  const addLost = (caseId: number, id: AssessIndicatorId, label: string) => {
    const list = lost.get(caseId) ?? [];
    if (!list.some((x) => x.id === id)) list.push({ id, label });
    lost.set(caseId, list);
  };
  for (const s of indicators) if (s.weight - s.points > 0.005) for (const c of lostCaseIds(s, directionOf(s.id))) addLost(c, s.id, s.label);
  for (const x of o?.deductions ?? []) if (x.points > 0) for (const c of x.caseIds) addLost(c, x.indicator, x.label);

  return (
    <section className="gd-stats-panel gd-assess-detail" aria-label="得分明细">
      <header className="gd-stats-panel__head">
        <h2>得分明细</h2>
        {o && <span className="gd-stats-panel__note">{ASSESS_OBJECT_LABELS[type]}</span>}
        <span className="gd-stats-panel__spacer" />
        {detail.isLoading && <Spinner label="正在读取…" />}
        <button type="button" className="gd-iconbutton gd-iconbutton--plain" aria-label="关闭得分明细" title="关闭" onClick={onClose}>
          <Icon name="close" size={14} />
        </button>
      </header>
      <div className="gd-stats-panel__body">
        {detail.error && <ErrorNotice error={detail.error} action="读取得分明细" onRetry={detail.reload} />}
        {!o && !detail.error && <Spinner label="正在读取得分明细…" />}
        {o && d && (
          <>
            <div className="gd-assess-detail__head">
              <div>
                <div className="gd-assess-detail__name">{o.name}</div>
                <div className="gd-muted">
                  {o.parentName ? `${o.parentName} · ` : ''}
                  <span className="gd-assess-detail__code">{o.code}</span>
                </div>
              </div>
              <div className="gd-assess-detail__score">
                <span className="gd-assess-detail__points">{o.insufficient ? INSUFFICIENT_LABEL : formatScore(o.score)}</span>
                <GradeChip grade={o.grade} colour={o.gradeColour} isInsufficient={o.insufficient} />
              </div>
            </div>
            <div className="gd-assess-detail__facts">
              <span>{o.rank !== null ? `第 ${o.rank} 名 / 共 ${d.peers} 个` : '不参与排名'}</span>
              <span>本月案件 {o.cases.toLocaleString('zh-CN')} 件</span>
              <span>{d.version !== null ? `已发布第 ${d.version} 版` : '草稿'}</span>
              <span className="gd-stats-panel__spacer" />
              <CasesButton caseIds={allCases} label="全部相关案件" onNavigate={onNavigate} />
            </div>
            <table className="gd-table gd-assess-indicators" aria-label="各项指标得分">
              <thead>
                <tr>
                  <th>指标</th>
                  <th className="gd-num">数值</th>
                  <th className="gd-num">权重</th>
                  <th className="gd-num">得分</th>
                  <th className="gd-num">失分</th>
                  <th className="gd-num">案件</th>
                </tr>
              </thead>
              <tbody>
                {indicators.map((s) => (
                  <tr key={s.id}>
                    <td title={INDICATOR_INFO[s.id].definition}>{s.label}</td>
                    <td className="gd-num">
                      {formatValue(s.id, s.value)}
                      {ratio(s) && <span className="gd-assess-indicators__ratio">{ratio(s)}</span>}
                    </td>
                    <td className="gd-num">{formatPoints(s.weight)}</td>
                    <td className="gd-num gd-assess-indicators__points">{formatPoints(s.points)}</td>
                    <td className={`gd-num${s.weight - s.points > 0.005 ? ' gd-assess-lost' : ''}`}>
                      {formatPoints(Math.max(0, s.weight - s.points))}
                      {s.weight - s.points > 0.005 && lostCaseIds(s, directionOf(s.id)).length > 0 && (
                        <span className="gd-assess-indicators__ratio">
                          <CasesButton caseIds={lostCaseIds(s, directionOf(s.id))} label={`${s.label}失分`} onNavigate={onNavigate} />
                        </span>
                      )}
                    </td>
                    <td className="gd-num">
                      <CasesButton caseIds={s.caseIds} label={s.label} onNavigate={onNavigate} />
                    </td>
                  </tr>
                ))}
                {o.deductions.map((x) => (
                  <tr key={`deduction-${x.indicator}`} className="gd-assess-indicators__deduction">
                    <td>扣分：{x.label}</td>
                    <td className="gd-num">{x.count.toLocaleString('zh-CN')} 件</td>
                    <td className="gd-num" />
                    <td className={`gd-num${x.points > 0 ? ' gd-assess-lost' : ''}`}>{x.points > 0 ? `−${formatPoints(x.points)}` : '0'}</td>
                    <td className="gd-num" />
                    <td className="gd-num">
                      <CasesButton caseIds={x.caseIds} label={`扣分：${x.label}`} onNavigate={onNavigate} />
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <td>合计</td>
                  <td />
                  <td className="gd-num">{formatPoints(indicators.reduce((n, s) => n + s.weight, 0))}</td>
                  <td className="gd-num">{o.insufficient ? '—' : formatScore(o.score)}</td>
                  <td className="gd-num">{deducted > 0 ? `含扣分 ${formatPoints(deducted)}` : ''}</td>
                  <td />
                </tr>
              </tfoot>
            </table>
            <LostCases cases={d.cases} lost={lost} onNavigate={onNavigate} />
            {o.insufficient && <p className="gd-muted gd-assess-detail__note">本月案件数少于方案规定的最少案件数，列为“{INSUFFICIENT_LABEL}”，不参与排名。</p>}
          </>
        )}
      </div>
    </section>
  );
}
