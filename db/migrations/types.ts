import type { Database } from 'better-sqlite3';

/**
 * One schema step. Landed migrations are never edited: a change is a new file with a higher version.
 * Versions step by 10 so a fix can slot in between during development.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}
