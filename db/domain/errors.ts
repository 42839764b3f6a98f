/**
 * The closed set of error kinds that cross every boundary (IPC, HTTP, CLI).
 * Adding a kind → update the HTTP status map in electron/server/httpServer.ts.
 */
export const ERROR_KINDS = [
  'invalid-input', // the caller sent something malformed; nothing was changed
  'not-found', // the thing named does not exist
  'conflict', // the state changed meanwhile, or a uniqueness rule was hit
  'forbidden', // the operator's role does not allow this
  'unauthorized', // missing or wrong token or session
  'database', // the database file cannot be used (corrupt, foreign, newer, read-only)
  'busy', // another writer holds the database longer than the busy timeout: try again shortly
  'internal', // a bug: the message says what failed
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export class AppError extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.name = 'AppError';
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export function assertNever(value: never, what = 'value'): never {
  throw new AppError('internal', `unexpected ${what}: ${JSON.stringify(value)}`);
}
