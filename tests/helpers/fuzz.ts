/**
 * Budgets and generators for the property (fuzz) tests of the import parsers. The default budget
 * keeps tests/db/hostileFiles.test.ts under 20 s on two cores; a longer run:
 *
 *   GRIDDESK_FUZZ_RUNS=2000 npx vitest run tests/db/hostileFiles.test.ts -t property
 *
 * (GRIDDESK_FUZZ_SEED picks another seed; the default is fixed so CI runs are repeatable.)
 */
import fc from 'fast-check';
import { buildZip, type ZipEntrySpec } from './hostileFiles';

const envRuns = Number(process.env.GRIDDESK_FUZZ_RUNS);
const envSeed = Number(process.env.GRIDDESK_FUZZ_SEED);

/** Runs per property: random bytes and mutated valid files, for each parser. */
export const FUZZ_RUNS: number = Number.isFinite(envRuns) && envRuns > 0 ? Math.floor(envRuns) : 150;
export const FUZZ_SEED: number = Number.isFinite(envSeed) ? Math.floor(envSeed) : 20_261_125;
/** Per-test timeout: generous per run, so a long fuzz run is not cut short. */
export const FUZZ_TIMEOUT_MS: number = Math.max(60_000, FUZZ_RUNS * 2_000);

export const fuzzParameters = (): { numRuns: number; seed: number; endOnFailure: boolean } => ({
  numRuns: FUZZ_RUNS,
  seed: FUZZ_SEED,
  endOnFailure: true,
});

type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'repeat'; at: number; length: number; times: number }
  | { kind: 'delete'; at: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 256 }), times: fc.integer({ min: 2, max: 64 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 256 }) }),
);

function apply(base: Buffer, m: Mutation): Buffer {
  if (base.length === 0) return base;
  const at = m.at % base.length;
  switch (m.kind) {
    case 'flip': {
      const out = Buffer.from(base);
      out[at] = m.value;
      return out;
    }
    case 'truncate':
      return base.subarray(0, at);
    case 'insert':
      return Buffer.concat([base.subarray(0, at), Buffer.from(m.bytes), base.subarray(at)]);
    case 'repeat': {
      const piece = base.subarray(at, at + m.length);
      return Buffer.concat([base.subarray(0, at), ...Array.from({ length: m.times }, () => piece), base.subarray(at)]);
    }
    case 'delete':
      return Buffer.concat([base.subarray(0, at), base.subarray(at + m.length)]);
  }
}

/** A valid file with one to eight mutations (bytes changed, cut, inserted, repeated, deleted). */
export function mutated(base: Buffer): fc.Arbitrary<Buffer> {
  return fc.array(mutation, { minLength: 1, maxLength: 8 }).map((ms) => ms.reduce(apply, base));
}

/**
 * A well-formed zip whose entries' contents are mutated (one to three of them): reaches the parsers
 * behind the container (exceljs's XML readers, shpjs) instead of stopping at a broken directory.
 */
export function mutatedZipContents(entries: ZipEntrySpec[]): fc.Arbitrary<Buffer> {
  const one = fc.tuple(fc.nat(entries.length - 1), fc.array(mutation, { minLength: 1, maxLength: 6 }));
  return fc.array(one, { minLength: 1, maxLength: 3 }).map((changes) => {
    const out = entries.map((e) => ({ ...e }));
    for (const [i, ms] of changes) out[i] = { name: out[i]!.name, data: ms.reduce(apply, out[i]!.data ?? Buffer.alloc(0)) };
    return buildZip(out);
  });
}

/** Random bytes, sometimes behind a prefix that steers format detection (PK, {, <gpx). */
export function randomBytes(prefix: Buffer = Buffer.alloc(0)): fc.Arbitrary<Buffer> {
  return fc.uint8Array({ minLength: 0, maxLength: 4096 }).map((b) => Buffer.concat([prefix, Buffer.from(b)]));
}

/** True for a message with Chinese in it. */
export const isChinese = (message: string): boolean => /[\u4e00-\u9fff]/.test(message);
