/**
 * Worker threads on an entry beside the code that starts them: the TypeScript file under tsx and the tests, the
 * bundled .cjs beside a bundle (dist/electron, dist/cli). Used by the import's threads, the call host's workers and
 * the read worker.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** The entry beside `here` (the caller's own file): `tsName` when `here` is TypeScript, else `bundleName`. */
export function entryBeside(here: string, tsName: string, bundleName: string): string {
  return path.join(path.dirname(here), /\.[cm]?ts$/.test(here) ? tsName : bundleName);
}

/** A worker thread on `entry`; a TypeScript entry gets tsx's loader inside the thread. */
export function threadOn(entry: string, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  if (!entry.endsWith('.ts')) return new Worker(entry, options);
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(entry).href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
