/** What makes a password or PIN acceptable: the host enforces it, the page says it before asking. */

/** Shortest accepted secret: a 6-digit PIN or a 6-character password. */
export const MIN_SECRET_LENGTH = 6;
export const MAX_SECRET_LENGTH = 128;

/** Why a new password or PIN is not acceptable, or null. */
export function secretProblem(secret: string): string | null {
  if ([...secret].length < MIN_SECRET_LENGTH) return `密码或 PIN 至少 ${MIN_SECRET_LENGTH} 位`;
  if ([...secret].length > MAX_SECRET_LENGTH) return `密码最多 ${MAX_SECRET_LENGTH} 位`;
  if (hasControlCharacters(secret)) return '密码不能含控制字符（制表符、换行等）';
  if (/^(\d)\1+$/.test(secret)) return '密码不能是同一个数字的重复（例如 000000）';
  if (secret === '123456' || secret === '654321' || secret === '12345678') return '密码过于简单，请换一个';
  return null;
}

/**
 * Control characters are never part of a secret: scrypt's HMAC pads short keys with zero bytes, so a
 * trailing NUL would otherwise log in as the secret without it.
 */
export function hasControlCharacters(secret: string): boolean {
  return /[\u0000-\u001f\u007f-\u009f]/.test(secret);
}

/** The same rule in one sentence, for the forms. */
export const SECRET_HINT = `至少 ${MIN_SECRET_LENGTH} 位的密码或数字 PIN；不要用 123456 或同一数字的重复。`;
