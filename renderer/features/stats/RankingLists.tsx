import type { NamedFigures } from '../../../electron/contract';
import { unitLink, unitOverdueLink, type AreaScope } from './caseLinks';
import { formatCount, formatRate } from './figures';

interface RankingListsProps {
  readonly units: readonly NamedFigures[];
  readonly level: 2 | 3;
  readonly week: string;
  readonly onNavigate: (hash: string) => void;
}

const SHOWN = 5;

function byRate(a: NamedFigures, b: NamedFigures): number {
  return (b.onTimeRate ?? 0) - (a.onTimeRate ?? 0) || b.due - a.due || a.code.localeCompare(b.code);
}

/** Best and worst by on-time rate (units with cases due only) and most overdue, five each. */
export function RankingLists({ units, level, week, onNavigate }: RankingListsProps) {
  const rated = units.filter((u) => u.onTimeRate !== null).sort(byRate);
  const half = Math.min(SHOWN, Math.ceil(rated.length / 2));
  const best = rated.slice(0, half);
  const worst = rated.slice(half).reverse().slice(0, Math.min(SHOWN, rated.length - half));
  const overdue = units
    .filter((u) => u.overdueOpen > 0)
    .sort((a, b) => b.overdueOpen - a.overdueOpen || a.code.localeCompare(b.code))
    .slice(0, SHOWN);
  const scope = (u: NamedFigures): AreaScope => ({ code: u.code, level });
  const unitWord = level === 2 ? '街道' : '网格';

  const list = (title: string, rows: readonly NamedFigures[], tone: 'good' | 'bad', value: (u: NamedFigures) => string, isOverdue: boolean) => (
    <div className={`gd-ranklist gd-ranklist--${tone}`}>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="gd-ranklist__empty">{isOverdue ? `各${unitWord}均无超期未结案件` : '本周没有应结案件'}</p>
      ) : (
        <ol>
          {rows.map((u, i) => {
            const link = isOverdue ? unitOverdueLink(scope(u)) : unitLink(scope(u), week);
            return (
              <li key={u.code}>
                <button type="button" className="gd-ranklist__row" title={`查看${u.name}${link.description}`} onClick={() => onNavigate(link.hash)}>
                  <span className="gd-ranklist__rank">{i + 1}</span>
                  <span className="gd-ranklist__name">{u.name}</span>
                  <span className="gd-ranklist__value">{value(u)}</span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );

  return (
    <div className="gd-ranklists">
      {list('按期结案率最高', best, 'good', (u) => formatRate(u.onTimeRate), false)}
      {list('按期结案率最低', worst, 'bad', (u) => formatRate(u.onTimeRate), false)}
      {list('超期未结最多', overdue, 'bad', (u) => `${formatCount(u.overdueOpen)} 件`, true)}
    </div>
  );
}
