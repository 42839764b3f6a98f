import { Icon } from '../ui/Icon';
import { PAGES, hrefFor, type PageEntry, type PageId } from './routes';

/** A count on a navigation entry (我的待办's open items), red when some are late. */
export interface NavBadge {
  readonly count: number;
  readonly isLate: boolean;
  /** What the count means, for the tooltip and screen readers. */
  readonly description: string;
}

interface SideNavProps {
  readonly current: PageId;
  /** The pages this operator is offered (default all). */
  readonly pages?: readonly PageEntry[];
  readonly badges?: Partial<Record<PageId, NavBadge | null>>;
}

export function SideNav({ current, pages = PAGES, badges = {} }: SideNavProps) {
  return (
    <nav className="gd-nav" aria-label="主导航">
      <ul>
        {pages.map((page) => {
          const badge = badges[page.id];
          const descriptionId = badge ? `gd-nav-badge-${page.id}` : undefined;
          return (
            <li key={page.id}>
              <a
                className="gd-nav__link"
                href={hrefFor({ page: page.id, gridCode: null })}
                aria-current={page.id === current ? 'page' : undefined}
                aria-describedby={descriptionId}
                title={badge?.description}
              >
                <Icon name={page.icon} size={22} />
                <span>{page.label}</span>
                {badge && badge.count > 0 && (
                  <span className={`gd-nav__badge${badge.isLate ? ' gd-nav__badge--late' : ''}`} aria-hidden="true" data-count={badge.count}>
                    {badge.count > 99 ? '99+' : badge.count}
                  </span>
                )}
              </a>
              {badge && (
                <span id={descriptionId} className="gd-visually-hidden">
                  {badge.description}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
