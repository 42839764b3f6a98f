import { ASSESS_OBJECT_LABELS, INSUFFICIENT_LABEL, type AssessObjectType, type AssessResult } from '../../../electron/contract';
import { GradeChip } from './GradeChip';

const TYPE_ORDER: readonly AssessObjectType[] = ['street', 'grid', 'unit', 'person'];

/** How many objects of each type got each grade, and how many were 样本不足. */
export function GradeTally({ result }: { result: AssessResult }) {
  const bands = [...result.definition.grades].sort((a, b) => b.min - a.min);
  const types = TYPE_ORDER.filter((t) => result.definition.objects.includes(t));
  return (
    <table className="gd-table gd-assess-tally" aria-label="等级统计">
      <thead>
        <tr>
          <th>考核对象</th>
          {bands.map((b) => (
            <th key={b.grade}>
              <GradeChip grade={b.grade} colour={b.colour} />
            </th>
          ))}
          <th>{INSUFFICIENT_LABEL}</th>
        </tr>
      </thead>
      <tbody>
        {types.map((t) => {
          const of = result.objects.filter((o) => o.type === t);
          return (
            <tr key={t}>
              <td>{ASSESS_OBJECT_LABELS[t]}</td>
              {bands.map((b) => (
                <td key={b.grade}>{of.filter((o) => !o.insufficient && o.grade === b.grade).length}</td>
              ))}
              <td>{of.filter((o) => o.insufficient).length}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
