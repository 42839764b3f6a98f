import type { AppInfo } from '../../../electron/contract';
import { Icon } from '../../ui/Icon';
import { PLACEHOLDER_CONTENT, type PlaceholderPageId } from './placeholderContent';
import './placeholder.css';

/** A tidy "coming in a later version" page that says what will be here and what the data holds now. */
export function PlaceholderPage({ page, info }: { page: PlaceholderPageId; info: AppInfo }) {
  const content = PLACEHOLDER_CONTENT[page];
  return (
    <section className="gd-placeholder" aria-labelledby={`gd-placeholder-${page}`}>
      <header className="gd-placeholder__header">
        <h1 id={`gd-placeholder-${page}`}>{content.title}</h1>
        <p>{content.summary}</p>
      </header>
      <div className="gd-placeholder__empty">
        <div className="gd-placeholder__icon">
          <Icon name={content.icon} size={36} />
        </div>
        <div className="gd-placeholder__heading">此功能将在后续版本提供</div>
        <p className="gd-placeholder__now">{content.now(info)}</p>
        <ul className="gd-placeholder__list">
          {content.features.map((feature) => (
            <li key={feature}>{feature}</li>
          ))}
        </ul>
      </div>
    </section>
  );
}
