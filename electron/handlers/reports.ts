/**
 * The weekly summary as a PDF file: the same document the command line prints and the page previews
 * (electron/report/weeklyReport.ts), printed through the host's output (a local Chromium in browser mode,
 * Electron's own printToPDF in the desktop app). One print at a time: each one starts a browser.
 */
import fs from 'node:fs';
import type { Db } from '../../db/open';
import { isoWeekOf, parseIsoWeek } from '../../db/stats/period';
import type { Handlers } from '../contract';
import type { ReportPdf } from '../contract/reports';
import { countPdfPages } from '../report/pdf';
import type { HostOutput } from '../report/output';
import { buildWeeklyReport } from '../report/weeklyReport';
import { monthlyPdfName, monthlyReportOf } from '../report/monthlyReport';

type ReportHandlers = Pick<Handlers, 'reports:weekly-pdf' | 'reports:monthly-html' | 'reports:monthly-pdf'>;

export interface ReportHandlerDeps {
  /** The read-only connection the statistics read through. */
  readonly readDb: Db;
  readonly now: () => number;
  readonly output: HostOutput;
  /** Builds the summary's HTML in a call host worker (default: here, on readDb). */
  readonly weeklyHtml?: ((input: { week: string; areaCode: string | undefined; now: number }) => Promise<{ html: string; areaName: string }>) | undefined;
}

const PDF_FILTER = { name: 'PDF 文件', extensions: ['pdf'] } as const;

/** 《城市管理网格化工作周报（2026年第48周）》.pdf; an area's report names the area first. */
export function weeklyPdfName(week: string, areaName: string | null): string {
  const [year, n] = parseIsoWeek(week).week.split('-W');
  return `《城市管理网格化工作周报（${areaName ? `${areaName}，` : ''}${year}年第${Number(n)}周）》.pdf`;
}

export function reportHandlers({ readDb, now, output, weeklyHtml }: ReportHandlerDeps): ReportHandlers {
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };
  /**
   * A report's HTML printed to an A4 PDF: where to save is asked first (so the dialog opens at the click and
   * the print runs after it), prints run one at a time, the PDF is saved there or handed back as base64.
   */
  const printToPdf = async (fileName: string, html: string, started: number): Promise<ReportPdf> => {
    const answer = { fileName, pages: 0, bytes: 0, dataBase64: null, savedTo: null, cancelled: false };
    const target = output.chooseSavePath ? await output.chooseSavePath(fileName, PDF_FILTER) : null;
    if (output.chooseSavePath && !target) return { ...answer, cancelled: true, ms: Date.now() - started };
    const pdf = await oneAtATime(() => output.printPdf(html));
    const printed = { ...answer, pages: countPdfPages(pdf), bytes: pdf.length };
    if (target) {
      await fs.promises.writeFile(target, pdf);
      return { ...printed, savedTo: target, ms: Date.now() - started };
    }
    return { ...printed, dataBase64: pdf.toString('base64'), ms: Date.now() - started };
  };

  return {
    'reports:weekly-pdf': async ({ week, areaCode }) => {
      const started = Date.now();
      const at = now();
      const chosenWeek = week ?? isoWeekOf(at);
      const built = weeklyHtml
        ? await weeklyHtml({ week: chosenWeek, areaCode, now: at })
        : (({ html, report }) => ({ html, areaName: report.area.name }))(buildWeeklyReport(readDb, { week: chosenWeek, areaCode, now: at }));
      return printToPdf(weeklyPdfName(chosenWeek, areaCode ? built.areaName : null), built.html, started);
    },
    'reports:monthly-html': ({ month, schemeId }) => {
      const { html, title } = monthlyReportOf(readDb, { month, schemeId, now: now() });
      return { html, title };
    },
    'reports:monthly-pdf': async ({ month, schemeId }) => {
      const started = Date.now();
      const { html } = monthlyReportOf(readDb, { month, schemeId, now: now() });
      return printToPdf(monthlyPdfName(month), html, started);
    },
  };
}
