/**
 * The host's weekly summary is a whole HTML document (its own <style>, `body` rules, `@page`). To show
 * it inside the app it is parsed, stripped of anything active, and its CSS rewritten so that rules
 * for `html`/`body` apply to a wrapper element instead; `@page` rules are kept apart, because they
 * only work at the top level of the app's own document (where they shape the printed page).
 */

export const REPORT_DOC_CLASS = 'gd-report-doc';

export interface ReportDocument {
  /** The report's CSS, html/body rules aimed at the wrapper. */
  readonly css: string;
  /** Its `@page` rules, for the app's document while the report is shown. */
  readonly pageCss: string;
  /** The page margins the `@page` rule asks for (CSS shorthand), to pad the on-screen sheet alike. */
  readonly pageMargin: string | null;
  /** The report's body content, inert (parsed, not yet in the app's document). */
  readonly body: HTMLElement;
  readonly title: string;
}

interface CssItem {
  readonly prelude: string;
  /** null for a statement ending in ';' (e.g. @import). */
  readonly body: string | null;
}

/** Top-level statements and blocks of a style sheet; comments dropped, strings respected. */
function splitCss(css: string): CssItem[] {
  const items: CssItem[] = [];
  let i = 0;
  let prelude = '';
  while (i < css.length) {
    const ch = css[i]!;
    if (ch === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      i = end < 0 ? css.length : end + 2;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const end = skipString(css, i);
      prelude += css.slice(i, end);
      i = end;
      continue;
    }
    if (ch === ';') {
      if (prelude.trim()) items.push({ prelude: prelude.trim(), body: null });
      prelude = '';
      i++;
      continue;
    }
    if (ch === '{') {
      const end = matchingBrace(css, i);
      items.push({ prelude: prelude.trim(), body: css.slice(i + 1, end) });
      prelude = '';
      i = end + 1;
      continue;
    }
    prelude += ch;
    i++;
  }
  return items;
}

function skipString(css: string, start: number): number {
  const quote = css[start];
  let i = start + 1;
  while (i < css.length && css[i] !== quote) i += css[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, css.length);
}

function matchingBrace(css: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < css.length) {
    const ch = css[i]!;
    if (ch === '"' || ch === "'") {
      i = skipString(css, i);
      continue;
    }
    if (ch === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      i = end < 0 ? css.length : end + 2;
      continue;
    }
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i;
    i++;
  }
  return css.length;
}

/** Splits a selector list on top-level commas. */
function splitSelectors(prelude: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of prelude) {
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function scopeSelector(selector: string, scope: string): string {
  return selector.replace(/^(?:html|:root)(?:\s+body)?(?![\w-])/, scope).replace(/^body(?![\w-])/, scope);
}

const NESTING_AT_RULES = /^@(media|supports|container|layer|document)\b/i;

/** Rewrites html/body selectors to `.scope` and moves @page rules out. */
export function scopeReportCss(css: string, scopeClass: string = REPORT_DOC_CLASS): { css: string; pageCss: string } {
  const scope = `.${scopeClass}`;
  let out = '';
  let pageCss = '';
  for (const item of splitCss(css)) {
    if (item.body === null) {
      if (!/^@(import|charset|namespace)\b/i.test(item.prelude)) out += `${item.prelude};\n`;
      continue;
    }
    if (/^@page\b/i.test(item.prelude)) {
      pageCss += `${item.prelude} {${item.body}}\n`;
    } else if (NESTING_AT_RULES.test(item.prelude)) {
      const inner = scopeReportCss(item.body, scopeClass);
      out += `${item.prelude} {\n${inner.css}}\n`;
      pageCss += inner.pageCss;
    } else if (item.prelude.startsWith('@')) {
      out += `${item.prelude} {${item.body}}\n`;
    } else {
      out += `${splitSelectors(item.prelude)
        .map((s) => scopeSelector(s, scope))
        .join(', ')} {${item.body}}\n`;
    }
  }
  return { css: out, pageCss };
}

/** The `margin` of the first @page rule, e.g. '16mm 14mm 18mm 14mm'. */
export function pageMarginOf(pageCss: string): string | null {
  const item = splitCss(pageCss).find((i) => i.body !== null && /^@page\b/i.test(i.prelude));
  if (!item?.body) return null;
  const ownPart = item.body.split('{')[0] ?? '';
  const m = /(?:^|;)\s*margin\s*:\s*([^;]+)/.exec(ownPart);
  return m ? m[1]!.trim() : null;
}

const ACTIVE_ELEMENTS = 'script, iframe, frame, object, embed, link, meta, base, form, noscript, template';

/** Removes anything that could run, load or navigate: the report is a document to look at. */
function makeInert(root: HTMLElement): void {
  for (const el of [...root.querySelectorAll(ACTIVE_ELEMENTS)]) el.remove();
  for (const el of [root, ...root.querySelectorAll('*')]) {
    for (const attr of [...el.attributes]) {
      const value = attr.value.trim().toLowerCase();
      if (attr.name.startsWith('on') || ((attr.name === 'href' || attr.name === 'src' || attr.name === 'xlink:href') && value.startsWith('javascript:'))) {
        el.removeAttribute(attr.name);
      }
    }
  }
}

export function parseReportDocument(html: string): ReportDocument {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const css = [...parsed.querySelectorAll('style')].map((s) => s.textContent ?? '').join('\n');
  const scoped = scopeReportCss(css);
  for (const style of [...parsed.body.querySelectorAll('style')]) style.remove();
  makeInert(parsed.body);
  return {
    css: scoped.css,
    pageCss: scoped.pageCss,
    pageMargin: pageMarginOf(scoped.pageCss),
    body: parsed.body,
    title: parsed.title,
  };
}
