/**
 * The calls that run off the transport's thread, in the call host's workers (electron/callHost): long reads
 * with no write, each on a worker's own read-only connection. Everything else — every write and every short
 * read — runs on the host's thread, on the one writer, in the order it arrives.
 *
 * Measured on the 1M-case district (bench:stats, bench:map, bench:host): a week of statistics ~60 ms and a
 * year several hundred, the weekly summary's HTML over a second, map:points 2 s of reading, the campaign
 * tallies a count over every tagged case, a month's assessment (bench:assess) seconds. A case, a list page or a setting takes a few milliseconds and
 * stays where it is (a worker round trip would only add to it).
 *
 * Besides these calls the workers also do the long part of two calls that must stay on the host's thread
 * (a save dialog, a print, a job table): the export job's reading and writing of its file (exports:start)
 * and the summary's HTML before reports:weekly-pdf prints it.
 *
 * Pure module: no Node, no Electron, no DOM.
 */
import type { CallName } from './index';

export const LONG_CALLS: ReadonlySet<CallName> = new Set<CallName>([
  'stats:week',
  'stats:period',
  'stats:trend',
  'reports:weekly-html',
  'campaigns:list',
  'map:points', // streamed: its chunks come from the worker one at a time, as the transport asks for them
  // 考核: a month's draft reads every case and stage of the month (seconds at 1M cases); publishing writes
  // and stays on the writer.
  'assess:compute',
  'assess:result',
  'assess:diff',
  'assess:object',
  'reports:monthly-html',
]);
