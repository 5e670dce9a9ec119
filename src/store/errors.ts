/**
 * Errors a store raises on purpose. Each message names the database (file path or schema) and says what to do,
 * so start-up can print it and stop; the original driver error stays available as `cause`.
 */
export type StoreErrorCode =
  /** Another bot process holds the SQLite file. */
  | 'locked'
  /** The file or schema exists but was not written by this bot (or is damaged beyond reading). */
  | 'not_a_bot_database'
  /** The database was migrated by a newer version of the bot. */
  | 'newer_schema'
  /** A write failed for lack of space (disk full or size limit). */
  | 'full'
  /** Reading or writing the database file failed (I/O error, corruption, read-only file). */
  | 'io';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** The SQLite result code of a better-sqlite3 error ("SQLITE_BUSY", "SQLITE_FULL", ...), if it is one. */
export function sqliteCode(err: unknown): string | undefined {
  if (
    err instanceof Error &&
    'code' in err &&
    typeof err.code === 'string' &&
    err.code.startsWith('SQLITE_')
  ) {
    return err.code;
  }
  return undefined;
}

/**
 * Turns a SQLite failure that the operator must act on into a StoreError that names the file.
 * Other errors (constraint violations, bugs) are returned unchanged.
 */
export function describeSqliteError(path: string, err: unknown): unknown {
  const code = sqliteCode(err);
  if (code === undefined) return err;
  const detail = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_FULL') {
    return new StoreError(
      'full',
      `cannot write to ${path}: the disk or the database size limit is full (${detail})`,
      { cause: err },
    );
  }
  if (code === 'SQLITE_NOTADB') {
    return new StoreError('not_a_bot_database', `${path} is not a bot database: ${detail}`, { cause: err });
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new StoreError('io', `${path} is damaged (${detail}); restore it from a backup`, { cause: err });
  }
  if (
    code.startsWith('SQLITE_IOERR') ||
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CANTOPEN')
  ) {
    return new StoreError('io', `cannot read or write ${path}: ${detail}`, { cause: err });
  }
  return err;
}
