/**
 * Public reference data lives in ../shared/data beside a developer's clone; a user's machine (and a bare
 * clone) has none. Tests that compare with it run only where it is, and say so visibly where it is not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'vitest';

const DATA_DIR = path.resolve(__dirname, '../../../shared/data');

/** The path of a reference file, or null when ../shared/data does not hold it. */
export function referenceFile(name: string): string | null {
  const file = path.join(DATA_DIR, name);
  return fs.existsSync(file) ? file : null;
}

/** `it` when the reference file is present; otherwise a skipped test whose title gives the reason. */
export function itWithReference(name: string, title: string, fn: (file: string) => void | Promise<void>, timeout?: number): void {
  const file = referenceFile(name);
  if (file) it(title, () => fn(file), timeout);
  else it.skip(`${title} — skipped: reference data ../shared/data/${name} is not beside this clone`, () => {});
}
