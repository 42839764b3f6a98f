/**
 * Electron's HostOutput: a report printed by Electron's own Chromium (webContents.printToPDF) in a hidden
 * window that runs no script and has no preload, and a save dialog for the files a person asks for. It
 * takes the Electron objects as arguments, so main.ts stays the only module that imports Electron and the
 * wiring test can record what it does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HostOutput, SaveFilter } from './output';

/** The hidden print window: nothing runs in it, nothing reaches the host from it, it is never shown. */
export const PRINT_WINDOW_OPTIONS = {
  show: false,
  width: 794, // A4 at 96 dpi
  height: 1123,
  webPreferences: {
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    javascript: false,
    webSecurity: true,
    devTools: false,
    spellcheck: false,
  },
} as const;

/** A4 with the document's own @page size and margins, backgrounds (the table shading) printed. */
export const PRINT_TO_PDF_OPTIONS = { pageSize: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false } as const;

export interface PrintWindowLike {
  readonly webContents: { printToPDF(options: typeof PRINT_TO_PDF_OPTIONS): Promise<Buffer> };
  loadURL(url: string): Promise<void>;
  destroy(): void;
}

interface SaveDialogOptions {
  title: string;
  defaultPath: string;
  filters: { name: string; extensions: string[] }[];
  properties: ('showOverwriteConfirmation' | 'createDirectory')[];
}

/** The parts of the `electron` module this needs (W: Electron's window type). */
export interface ElectronOutputParts<W> {
  readonly BrowserWindow: {
    new (options: typeof PRINT_WINDOW_OPTIONS): PrintWindowLike;
    getFocusedWindow(): W | null;
    getAllWindows(): W[];
  };
  readonly dialog: {
    showSaveDialog(window: W, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string | undefined }>;
  };
  readonly app: { getPath(name: 'documents'): string };
}

export function electronOutput<W>({ BrowserWindow, dialog, app }: ElectronOutputParts<W>): HostOutput {
  return {
    async printPdf(html) {
      // A file rather than a data: address: a long report passes Chromium's limit on the length of an address.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-print-'));
      const file = path.join(dir, 'report.html');
      fs.writeFileSync(file, html);
      const win = new BrowserWindow(PRINT_WINDOW_OPTIONS);
      try {
        await win.loadURL(pathToFileURL(file).href);
        return await win.webContents.printToPDF(PRINT_TO_PDF_OPTIONS);
      } finally {
        win.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    async chooseSavePath(fileName: string, filter: SaveFilter) {
      const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
      if (!parent) return null;
      const answer = await dialog.showSaveDialog(parent, {
        title: '保存',
        defaultPath: path.join(app.getPath('documents'), fileName),
        filters: [{ name: filter.name, extensions: [...filter.extensions] }],
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      });
      return answer.canceled || !answer.filePath ? null : answer.filePath;
    },
  };
}
