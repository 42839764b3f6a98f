/**
 * HTML → PDF through a local Chromium-family browser's own print engine (the same engine Electron's
 * printToPDF uses). Found automatically — Chromium or Chrome on Linux, Edge or Chrome on Windows, Chrome
 * on macOS — or given by path. No network: the document carries everything it needs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { AppError } from '../../db/errors';

export function chromiumCandidates(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string[] {
  if (platform === 'win32') {
    const roots = [env['PROGRAMFILES(X86)'], env.PROGRAMFILES, env.LOCALAPPDATA].filter((r): r is string => !!r);
    return roots.flatMap((r) => [
      path.join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
      path.join(r, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      path.join(r, 'Chromium', 'Application', 'chrome.exe'),
    ]);
  }
  if (platform === 'darwin') {
    return ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'];
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/usr/bin/microsoft-edge', '/snap/bin/chromium'];
}

/** The first installed browser (GRIDDESK_CHROMIUM first), or null when none is installed. */
export function locateChromium(): string | null {
  return [process.env.GRIDDESK_CHROMIUM, ...chromiumCandidates()].find((p): p is string => !!p && fs.existsSync(p)) ?? null;
}

export function findChromium(explicit?: string): string {
  if (explicit) {
    if (!fs.existsSync(explicit)) throw new AppError('not-found', `找不到指定的浏览器：${explicit}`);
    return explicit;
  }
  const found = locateChromium();
  if (!found) {
    throw new AppError('not-found', '找不到可用于生成 PDF 的浏览器（Chromium、Chrome 或 Edge）：请安装其一，或用 --chromium PATH 指定，也可先导出 HTML 再用浏览器打印');
  }
  return found;
}

/** Prints an HTML document to a PDF file (A4, page size and margins from the document's @page rule). */
export async function printHtmlToPdf(html: string, outFile: string, chromium: string): Promise<void> {
  fs.writeFileSync(outFile, await printHtmlToPdfBytes(html, chromium));
}

/** Prints an HTML document to PDF and answers the file's bytes. */
export async function printHtmlToPdfBytes(html: string, chromium: string): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-pdf-'));
  try {
    const htmlFile = path.join(dir, 'report.html');
    fs.writeFileSync(htmlFile, html);
    const tmpPdf = path.join(dir, 'report.pdf');
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-extensions',
      `--user-data-dir=${path.join(dir, 'profile')}`,
      '--no-pdf-header-footer',
      // No accessibility tags in the PDF: as Electron's printToPDF makes it (generateTaggedPDF is off there
      // by default), and a fifth faster to print a 20-page summary.
      '--disable-pdf-tagging',
      `--print-to-pdf=${tmpPdf}`,
      `file://${htmlFile}`,
    ];
    const stderr = await new Promise<string>((resolve, reject) => {
      const child = spawn(chromium, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new AppError('internal', `无法启动浏览器 ${chromium}：${e.message}`));
      });
      child.on('exit', () => {
        clearTimeout(timer);
        resolve(err);
      });
    });
    if (!fs.existsSync(tmpPdf) || fs.statSync(tmpPdf).size === 0) {
      throw new AppError('internal', `浏览器未能生成 PDF：${stderr.split('\n').filter(Boolean).slice(-2).join(' ')}`);
    }
    return fs.readFileSync(tmpPdf);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The pages of a PDF Chromium printed: its page objects (`/Type /Page`, not the `/Pages` tree nodes). */
export function countPdfPages(pdf: Uint8Array): number {
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1').match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
}
