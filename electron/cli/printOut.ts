/**
 * The printed outputs of the command line (weekly summary, notices): `--out FILE.html|FILE.pdf`, checked
 * before any work is done, and written as HTML or printed to PDF by a local Chromium, Chrome or Edge.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../db/domain/errors';
import { findChromium, printHtmlToPdf } from '../report/pdf';
import type { OptionValues } from './command';

export interface PrintTarget {
  readonly out: string;
  readonly format: 'html' | 'pdf';
  /** Writes the document to the target. */
  write(html: string): Promise<void>;
}

/**
 * Reads and checks --out (and --chromium for a PDF): the folder exists and can be written. `usual` is the
 * format the command is mostly used for, named first in its messages.
 */
export function printTarget(values: OptionValues, usual: 'html' | 'pdf' = 'html'): PrintTarget {
  const [first, second] = usual === 'html' ? ['html', 'pdf'] : ['pdf', 'html'];
  if (typeof values.out !== 'string' || !values.out) throw new AppError('invalid-input', `缺少 --out FILE.${first} 或 FILE.${second}`);
  const out = path.resolve(values.out);
  const ext = path.extname(out).toLowerCase();
  if (ext !== '.html' && ext !== '.pdf') throw new AppError('invalid-input', `--out 应以 .${first} 或 .${second} 结尾，收到：${out}`);
  if (!fs.existsSync(path.dirname(out))) throw new AppError('not-found', `输出文件夹不存在：${path.dirname(out)}`);
  try {
    fs.accessSync(path.dirname(out), fs.constants.W_OK);
  } catch {
    throw new AppError('invalid-input', `无法写入输出文件：${out}`);
  }
  const chromium = ext === '.pdf' ? findChromium(typeof values.chromium === 'string' ? values.chromium : undefined) : null;
  return {
    out,
    format: chromium ? 'pdf' : 'html',
    write: async (html) => {
      if (chromium) await printHtmlToPdf(html, out, chromium);
      else fs.writeFileSync(out, html);
    },
  };
}
