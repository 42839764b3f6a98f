import { ASSESS_OBJECT_LABELS, INDICATOR_INFO, INSUFFICIENT_LABEL, NORMALISATION_LABELS, TIE_BREAK_TEXT, type SchemeDefinition } from '../../../electron/contract';
import { DUTY_ROLE_LABELS } from '../../../db/domain/labels';
import { GradeChip } from './GradeChip';

/** A scheme in full: objects, indicators (weight, direction, how scored, how counted), deductions, grade bands, minimum cases. */
export function SchemeView({ definition: d }: { definition: SchemeDefinition }) {
  const bands = [...d.grades].sort((a, b) => b.min - a.min);
  return (
    <div className="gd-assess-scheme">
      <dl className="gd-assess-scheme__facts">
        <dt>方案名称</dt>
        <dd>{d.name}</dd>
        <dt>考核对象</dt>
        <dd>
          {d.objects.map((t) => ASSESS_OBJECT_LABELS[t]).join('、')}
          {d.personDuties.length > 0 && `（人员按岗位：${d.personDuties.map((r) => DUTY_ROLE_LABELS[r]).join('、')}）`}
        </dd>
        <dt>最少案件数</dt>
        <dd>
          {d.minCases} 件：不足者列为“{INSUFFICIENT_LABEL}”，不参与排名
        </dd>
        {d.note && (
          <>
            <dt>说明</dt>
            <dd>{d.note}</dd>
          </>
        )}
      </dl>
      <table className="gd-table gd-assess-scheme__table" aria-label="考核指标">
        <thead>
          <tr>
            <th>指标</th>
            <th className="gd-num">权重</th>
            <th>方向</th>
            <th>计分方法</th>
            <th>口径</th>
          </tr>
        </thead>
        <tbody>
          {d.indicators.map((i) => (
            <tr key={i.id}>
              <td className="gd-nowrap">{INDICATOR_INFO[i.id].label}</td>
              <td className="gd-num">{i.weight}</td>
              <td className="gd-nowrap">{i.direction === 'higher' ? '越高越好' : '越低越好'}</td>
              <td>
                {NORMALISATION_LABELS[i.normalisation]}
                {i.normalisation === 'target' && i.target != null && `（目标值 ${i.target}${INDICATOR_INFO[i.id].unit}）`}
              </td>
              <td className="gd-muted">{INDICATOR_INFO[i.id].definition}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>合计</td>
            <td className="gd-num">{d.indicators.reduce((n, i) => n + i.weight, 0)}</td>
            <td colSpan={3} />
          </tr>
        </tfoot>
      </table>
      <div className="gd-assess-scheme__row">
        <table className="gd-table gd-assess-scheme__small" aria-label="扣分规则">
          <thead>
            <tr>
              <th>扣分项</th>
              <th className="gd-num">每件扣分</th>
              <th className="gd-num">最多扣分</th>
            </tr>
          </thead>
          <tbody>
            {d.deductions.map((x) => (
              <tr key={x.indicator}>
                <td>{INDICATOR_INFO[x.indicator].label}</td>
                <td className="gd-num">{x.pointsEach}</td>
                <td className="gd-num">{x.cap}</td>
              </tr>
            ))}
            {d.deductions.length === 0 && (
              <tr>
                <td colSpan={3} className="gd-muted">
                  没有扣分项
                </td>
              </tr>
            )}
          </tbody>
        </table>
        <table className="gd-table gd-assess-scheme__small" aria-label="等级划分">
          <thead>
            <tr>
              <th>等级</th>
              <th>分数</th>
              <th>颜色</th>
            </tr>
          </thead>
          <tbody>
            {bands.map((b, k) => (
              <tr key={b.grade}>
                <td>
                  <GradeChip grade={b.grade} colour={b.colour} />
                </td>
                <td>{k === 0 ? `${b.min} 分及以上` : `${b.min} 至 ${bands[k - 1]!.min} 分`}</td>
                <td>
                  <code>{b.colour}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="gd-muted">{TIE_BREAK_TEXT}</p>
    </div>
  );
}
