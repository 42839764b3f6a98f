/**
 * Reports as files: the weekly summary (周报) printed to PDF (its HTML is stats' reports:weekly-html), and the
 * monthly report (月报): the month's figures, its assessment, patrol coverage, as HTML and as PDF.
 */
import { z } from 'zod';
import { call } from './define';
import { gridCode, id, isoWeek } from './common';
import { statsCalls } from './stats';
import { month } from './assess';

/** The monthly report reads what the weekly one does, and the assessments. */
const MONTHLY_READS = [...statsCalls['reports:weekly-html'].reads, 'assessments'] as const;
const monthlyInput = z.object({ month, schemeId: id.optional() }).strict();

/** A printed report: downloaded by the page (browser mode) or saved where the person chose (Electron). */
export interface ReportPdf {
  /** e.g. 《城市管理网格化工作周报（2026年第48周）》.pdf */
  readonly fileName: string;
  readonly pages: number;
  readonly bytes: number;
  /** The PDF itself when the page saves it (browser mode); null when the host saved it or nothing was made. */
  readonly dataBase64: string | null;
  /** Where the host saved it (Electron's save dialog); null otherwise. */
  readonly savedTo: string | null;
  /** The save dialog was closed without choosing a place: nothing was printed or written. */
  readonly cancelled: boolean;
  /** Time to build and print the report. */
  readonly ms: number;
}

export const reportCalls = {
  'reports:weekly-pdf': call<ReportPdf>()({
    input: z.object({ week: isoWeek.optional(), areaCode: gridCode.optional() }).strict(),
    doc:
      'The weekly summary printed to an A4 PDF: by a local Chromium, Chrome or Edge in browser mode (none: not-found, ' +
      'the page offers the print dialog), by Electron itself into a place chosen in a save dialog.',
    reads: statsCalls['reports:weekly-html'].reads,
  }),
  'reports:monthly-html': call<{ html: string; title: string }>()({
    input: monthlyInput,
    doc: 'The printable A4 monthly report (月报) as one self-contained HTML document: the ranking is the month’s latest published version, else the draft (default scheme: the first).',
    reads: MONTHLY_READS,
  }),
  'reports:monthly-pdf': call<ReportPdf>()({
    input: monthlyInput,
    doc: 'The monthly report printed to an A4 PDF, as reports:weekly-pdf prints the weekly summary.',
    reads: MONTHLY_READS,
  }),
} as const;
