import { useEffect, useMemo, useRef } from 'react';
import { REPORT_DOC_CLASS, parseReportDocument } from './reportDocument';

/** The on-screen A4 sheet around the report, inside the shadow root; gone when printing. */
function sheetCss(margin: string): string {
  return `
:host { display: block; }
.gd-report-sheet {
  box-sizing: border-box; width: 210mm; min-height: 297mm; margin: 0 auto; padding: ${margin};
  background: #fff; box-shadow: 0 1px 3px rgba(16, 36, 66, 0.18), 0 6px 24px rgba(16, 36, 66, 0.12);
}
@media print {
  .gd-report-sheet { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
}
`;
}

const DEFAULT_MARGIN = '16mm 14mm 18mm 14mm';

interface ReportPreviewProps {
  readonly html: string;
  readonly label: string;
}

/**
 * The weekly summary as the host rendered it, mounted in a shadow root: its styles cannot leak into
 * the app and the app's cannot leak in. While shown, its @page rules join the app's document so that
 * printing the page prints the report on A4 with the report's own margins and page numbers.
 */
export function ReportPreview({ html, label }: ReportPreviewProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const report = useMemo(() => parseReportDocument(html), [html]);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = sheetCss(report.pageMargin ?? DEFAULT_MARGIN) + report.css;
    const sheet = document.createElement('div');
    sheet.className = 'gd-report-sheet';
    const doc = document.createElement('div');
    doc.className = REPORT_DOC_CLASS;
    doc.lang = 'zh-CN';
    for (const node of [...report.body.childNodes]) doc.append(document.importNode(node, true));
    sheet.append(doc);
    root.replaceChildren(style, sheet);

    const page = document.createElement('style');
    page.setAttribute('data-gd-report-page', '');
    page.textContent = report.pageCss;
    document.head.append(page);
    return () => page.remove();
  }, [report]);

  return <div ref={hostRef} className="gd-reportpage__document" role="document" aria-label={label} />;
}
