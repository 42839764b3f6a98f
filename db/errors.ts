/** Moved: the error kinds live in db/domain/errors.ts (the pure domain home). */
export * from './domain/errors';
