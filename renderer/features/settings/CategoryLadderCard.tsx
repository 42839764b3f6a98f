import { useMemo, useState } from 'react';
import type { Category, LadderSettings } from '../../../electron/contract';
import { Select, type SelectGroup } from '../../ui/SelectField';
import { CategoryLadderEditor } from './CategoryLadderEditor';

const KIND_LABELS: Readonly<Record<Category['kind'], string>> = { event: '事件', component: '部件' };

interface CategoryLadderCardProps {
  readonly settings: LadderSettings;
  readonly categories: readonly Category[];
  readonly canEdit: boolean;
}

/** 按类别单独设置: pick a small class, then keep the default ladder or give it its own. */
export function CategoryLadderCard({ settings, categories, canEdit }: CategoryLadderCardProps) {
  const [chosen, setChosen] = useState('');
  const byId = useMemo(() => new Map(categories.map((c) => [String(c.id), c])), [categories]);
  const groups = useMemo(
    (): SelectGroup<string>[] =>
      categories
        .filter((c) => c.level === 1)
        .map((big) => ({
          label: `${KIND_LABELS[big.kind]} · ${big.code} ${big.name}`,
          options: categories
            .filter((c) => c.parentId === big.id)
            .map((c) => ({
              value: String(c.id),
              label: `${c.code} ${c.name}${settings.categories[String(c.id)] ? '（单独规则）' : ''}${c.isActive ? '' : '（停用）'}`,
            })),
        }))
        .filter((g) => g.options.length > 0),
    [categories, settings.categories],
  );
  const own = Object.keys(settings.categories)
    .map((id) => byId.get(id))
    .filter((c): c is Category => c !== undefined);
  const category = byId.get(chosen);
  const ownLadder = category ? (settings.categories[chosen] ?? null) : null;

  return (
    <section className="gd-settings__card gd-ladder-card" aria-label="按类别单独设置">
      <div className="gd-settings__cardhead">
        <h2>按类别单独设置</h2>
        <span className="gd-muted">个别小类可另设规则（如紧急类别提前预警、直报区级）；未单独设置的小类使用默认规则。</span>
      </div>
      <div className="gd-ladder-card__pick">
        <label htmlFor="gd-ladder-category">小类</label>
        <Select id="gd-ladder-category" isSmall placeholder="请选择小类…" options={groups} value={chosen} onChange={setChosen} className="gd-ladder-card__select" />
        <span className="gd-ladder-card__own">
          {own.length === 0 ? (
            <span className="gd-muted">目前所有小类都使用默认规则</span>
          ) : (
            <>
              <span className="gd-muted">已单独设置：</span>
              {own.map((c) => (
                <button key={c.id} type="button" className="gd-linkbutton" aria-pressed={String(c.id) === chosen} onClick={() => setChosen(String(c.id))}>
                  {c.name}
                </button>
              ))}
            </>
          )}
        </span>
      </div>
      {category && (
        <CategoryLadderEditor
          key={`${category.id}:${JSON.stringify(ownLadder)}:${JSON.stringify(settings.default)}`}
          category={category}
          own={ownLadder}
          fallback={settings.default}
          canEdit={canEdit}
        />
      )}
    </section>
  );
}
