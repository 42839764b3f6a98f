/**
 * Where the host's documents go: a report's HTML printed to PDF, and a file someone asked to save. Browser
 * mode and the command line print with a local Chromium, Chrome or Edge (./pdf.ts) and the page downloads
 * what it gets; Electron prints in a hidden window of its own and asks where to save (./electronOutput.ts,
 * wired by main.ts). The handlers take one of these and never know which.
 */
import { AppError } from '../../db/domain/errors';
import { locateChromium, printHtmlToPdfBytes } from './pdf';

/** A kind of file a save dialog offers (名称 and extensions without the dot). */
export interface SaveFilter {
  readonly name: string;
  readonly extensions: readonly string[];
}

export interface HostOutput {
  /** Prints a self-contained HTML document (A4 from its @page rule) to PDF. No printer: AppError 'not-found'. */
  printPdf(html: string): Promise<Buffer>;
  /**
   * Asks where to save a file (Electron's save dialog): the chosen path, or null when the person cancelled.
   * Absent where the page downloads the file itself (browser mode).
   */
  readonly chooseSavePath?: (fileName: string, filter: SaveFilter) => Promise<string | null>;
}

/** What the page is told when no browser can print (it then offers the print dialog instead). */
export const NO_PDF_PRINTER = '找不到可用于生成 PDF 的浏览器（Chromium、Chrome 或 Edge）：本机未安装，无法直接生成 PDF 文件';

/**
 * Prints with the browser the command line also finds; looked for at every print, so a browser installed
 * while GridDesk runs is used at once. `locate` is for tests (a machine without one).
 */
export function chromiumOutput(locate: () => string | null = locateChromium): HostOutput {
  return {
    async printPdf(html) {
      const chromium = locate();
      if (!chromium) throw new AppError('not-found', NO_PDF_PRINTER);
      return printHtmlToPdfBytes(html, chromium);
    },
  };
}
