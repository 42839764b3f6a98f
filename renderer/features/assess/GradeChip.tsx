import { INSUFFICIENT_LABEL, type Grade } from '../../../electron/contract';

interface GradeChipProps {
  readonly grade: Grade | null;
  readonly colour: string | null;
  readonly isInsufficient?: boolean;
}

/** A grade in its band's colour (the scheme's own colours); 样本不足 in grey. */
export function GradeChip({ grade, colour, isInsufficient = false }: GradeChipProps) {
  if (isInsufficient || !grade) return <span className="gd-grade gd-grade--none">{isInsufficient ? INSUFFICIENT_LABEL : '—'}</span>;
  return (
    <span className="gd-grade" style={{ background: colour ?? undefined }} title={`等级：${grade}`}>
      {grade}
    </span>
  );
}
