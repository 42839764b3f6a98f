import { Icon } from '../ui/Icon';
import { PAGES, hrefFor, type PageId } from './routes';

export function SideNav({ current }: { current: PageId }) {
  return (
    <nav className="gd-nav" aria-label="主导航">
      <ul>
        {PAGES.map((page) => (
          <li key={page.id}>
            <a
              className="gd-nav__link"
              href={hrefFor({ page: page.id, gridCode: null })}
              aria-current={page.id === current ? 'page' : undefined}
            >
              <Icon name={page.icon} size={22} />
              <span>{page.label}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
