import { useState } from 'react';
import type { CategoryKind } from '../../../electron/contract';
import { useCall } from '../../api/useCall';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Spinner } from '../../ui/Spinner';
import { CategoryRow } from './CategoryRow';

const KINDS: readonly { id: CategoryKind; label: string }[] = [
  { id: 'event', label: '事件' },
  { id: 'component', label: '部件' },
];

/** The category table: each small class with its handling limit (working hours or days) and flags. */
export function CategorySettings({ canEdit }: { canEdit: boolean }) {
  const categories = useCall('categories:list', {});
  const [kind, setKind] = useState<CategoryKind>('event');
  const list = categories.data ?? [];
  const bigClasses = list.filter((c) => c.level === 1 && c.kind === kind);

  if (categories.error) return <ErrorNotice error={categories.error} action="读取类别表" onRetry={categories.reload} />;
  if (!categories.data) return <Spinner label="正在读取类别表…" />;
  return (
    <section className="gd-settings__card" aria-label="案件类别与时限">
      <div className="gd-settings__cardhead">
        <h2>案件类别与时限</h2>
        <div className="gd-segmented" role="group" aria-label="部件或事件">
          {KINDS.map((k) => (
            <button key={k.id} type="button" className="gd-segmented__item" aria-pressed={kind === k.id} onClick={() => setKind(k.id)}>
              {k.label}
            </button>
          ))}
        </div>
        <span className="gd-muted">处置时限从派遣时起按工作时间计算；修改只影响之后派遣的案件。</span>
      </div>
      <table className="gd-table gd-cattable">
        <thead>
          <tr>
            <th>编码</th>
            <th>名称</th>
            <th>处置时限</th>
            <th>紧急</th>
            <th>启用</th>
            <th />
          </tr>
        </thead>
        {bigClasses.map((big) => (
          <tbody key={big.id}>
            <tr className="gd-cattable__big">
              <td className="gd-mono">{big.code}</td>
              <td colSpan={5}>{big.name}</td>
            </tr>
            {list
              .filter((c) => c.parentId === big.id)
              .map((c) => (
                <CategoryRow key={c.id} category={c} canEdit={canEdit} />
              ))}
          </tbody>
        ))}
      </table>
    </section>
  );
}
