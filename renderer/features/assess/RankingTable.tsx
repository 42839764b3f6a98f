import { ASSESS_OBJECT_LABELS, type AssessObjectResult, type AssessObjectType } from '../../../electron/contract';
import { GradeChip } from './GradeChip';
import { formatScore } from './format';

interface RankingTableProps {
  readonly type: AssessObjectType;
  readonly objects: readonly AssessObjectResult[];
  readonly selected: string | null;
  readonly onSelect: (code: string) => void;
}

const PARENT_LABEL: Readonly<Record<AssessObjectType, string | null>> = { street: null, grid: '所属街道', unit: '上级', person: '单位 / 网格' };

/** One object type's ranking: ranked objects by rank, then 样本不足 ones unranked at the bottom. */
export function RankingTable({ type, objects, selected, onSelect }: RankingTableProps) {
  const ranked = objects.filter((o) => !o.insufficient).sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
  const unranked = objects.filter((o) => o.insufficient).sort((a, b) => b.cases - a.cases || a.code.localeCompare(b.code));
  const parent = PARENT_LABEL[type];
  const row = (o: AssessObjectResult) => (
    <tr
      key={o.code}
      className={`${o.insufficient ? 'is-unranked' : ''}${o.code === selected ? ' is-selected' : ''}`}
      aria-selected={o.code === selected}
      onClick={() => onSelect(o.code)}
    >
      <td className="gd-num gd-assess-rank__rank">{o.rank ?? '—'}</td>
      <td>
        <button type="button" className="gd-linkbutton gd-assess-rank__name" onClick={() => onSelect(o.code)} title={`查看${o.name}的得分明细`}>
          {o.name}
        </button>
      </td>
      {parent && <td className="gd-assess-rank__parent">{o.parentName ?? ''}</td>}
      <td className="gd-num gd-assess-rank__score">{o.insufficient ? '' : formatScore(o.score)}</td>
      <td>
        <GradeChip grade={o.grade} colour={o.gradeColour} isInsufficient={o.insufficient} />
      </td>
      <td className="gd-num">{o.cases.toLocaleString('zh-CN')}</td>
    </tr>
  );
  return (
    <table className="gd-table gd-assess-rank" aria-label={`${ASSESS_OBJECT_LABELS[type]}排名`}>
      <thead>
        <tr>
          <th className="gd-num">名次</th>
          <th>{ASSESS_OBJECT_LABELS[type]}</th>
          {parent && <th>{parent}</th>}
          <th className="gd-num">得分</th>
          <th>等级</th>
          <th className="gd-num">案件数</th>
        </tr>
      </thead>
      <tbody>
        {ranked.map(row)}
        {unranked.length > 0 && (
          <tr className="gd-assess-rank__divider">
            <td colSpan={parent ? 6 : 5}>样本不足，不参与排名（{unranked.length} 个）</td>
          </tr>
        )}
        {unranked.map(row)}
        {objects.length === 0 && (
          <tr>
            <td colSpan={parent ? 6 : 5} className="gd-stats-empty">
              本月没有可考核的{ASSESS_OBJECT_LABELS[type]}。
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
