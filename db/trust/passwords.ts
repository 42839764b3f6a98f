/**
 * Operators' passwords and PINs: scrypt from node:crypto with a random 16-byte salt, stored as
 * `scrypt$N$r$p$salt$hash` (base64url) so the cost can rise later without breaking old hashes.
 * Never stored or logged in clear; compared in constant time.
 */
import crypto from 'node:crypto';
import { AppError } from '../domain/errors';
import { MAX_SECRET_LENGTH, hasControlCharacters, secretProblem } from '../domain/secrets';

export { MAX_SECRET_LENGTH, MIN_SECRET_LENGTH, secretProblem } from '../domain/secrets';

const N = 16_384; // 2^14: ~25 ms on this class of PC, 16 MiB of memory
const R = 8;
const P = 1;
const KEY_BYTES = 32;

export function hashSecret(secret: string): string {
  const problem = secretProblem(secret);
  if (problem) throw new AppError('invalid-input', problem);
  const salt = crypto.randomBytes(16);
  const key = crypto.scryptSync(secret.normalize('NFKC'), salt, KEY_BYTES, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether a secret matches a stored hash; false (never a throw) for a malformed or missing hash. */
export function verifySecret(secret: string, stored: string | null): boolean {
  if (!stored || secret.length > MAX_SECRET_LENGTH * 4 || hasControlCharacters(secret)) return false;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![n, r, p].every((v) => Number.isInteger(v) && v > 0) || n > 1 << 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (salt.length < 8 || expected.length < 16) return false;
  const key = crypto.scryptSync(secret.normalize('NFKC'), salt, expected.length, { N: n, r, p, maxmem: 256 * 1024 * 1024 });
  return crypto.timingSafeEqual(key, expected);
}
