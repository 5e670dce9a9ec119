/**
 * Opens the SQLite file: takes an exclusive lock so a second bot process on the same file is refused (the lock is
 * an OS file lock, so it is released when the process ends, even by SIGKILL), recognises a foreign or damaged file
 * before touching it, switches to WAL and applies the migrations.
 */
import Database from 'better-sqlite3';
import { StoreError, describeSqliteError, sqliteCode } from './errors.js';
import { BOT_TABLES, MIGRATIONS, pendingMigrations, type Migration } from './migrations.js';

/** Marks the file as ours in the SQLite header (PRAGMA application_id): "KIWB". */
const APPLICATION_ID = 0x4b495742;

export interface SqliteOpenOptions {
  /** How long start-up waits for another process to release the file before refusing. Default 1000 ms. */
  readonly lockTimeoutMs?: number;
  /** "NORMAL" (default) survives a crash of the process; "FULL" also a power cut, at one fsync per commit. */
  readonly synchronous?: 'NORMAL' | 'FULL';
  /** Caps the file at this many pages (4 KiB each); a write beyond fails like a full disk. For quotas and tests. */
  readonly maxPageCount?: number;
  readonly migrations?: readonly Migration[];
}

export interface OpenedSqlite {
  readonly db: Database.Database;
  /** Versions applied by this open (empty when the file was up to date). */
  readonly applied: readonly number[];
}

export function openSqlite(path: string, options: SqliteOpenOptions = {}): OpenedSqlite {
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: options.lockTimeoutMs ?? 1000 });
  } catch (err) {
    const described = describeSqliteError(path, err);
    if (described instanceof StoreError) throw described;
    throw new StoreError('io', `cannot open ${path}: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  try {
    // Before the first read: with EXCLUSIVE locking the connection keeps its file lock until it closes, and WAL
    // keeps its index in process memory instead of a shared -shm file.
    db.pragma('locking_mode = EXCLUSIVE');
    const tables = inspect(db, path);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal' && path !== ':memory:')
      throw new StoreError('io', `${path}: cannot switch to WAL mode (journal mode is ${String(mode)})`);
    db.pragma('foreign_keys = ON');
    db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${Math.floor(options.maxPageCount)}`);
    const applied = db
      .transaction(() => migrateSqlite(db, path, tables, options.migrations ?? MIGRATIONS))
      .immediate();
    return { db, applied };
  } catch (err) {
    db.close();
    if (sqliteCode(err) === 'SQLITE_BUSY') {
      throw new StoreError(
        'locked',
        `another bot process is using ${path}; stop it first (SQLite allows one bot process per file; use DATABASE_URL with PostgreSQL to run several)`,
        { cause: err },
      );
    }
    throw describeSqliteError(path, err);
  }
}

/** Reads the header and table list (taking the lock); refuses a file another program wrote. */
function inspect(db: Database.Database, path: string): string[] {
  const appId = Number(db.pragma('application_id', { simple: true }));
  const tables = db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all() as string[];
  if (appId !== 0 && appId !== APPLICATION_ID) {
    throw new StoreError(
      'not_a_bot_database',
      `${path} is not a bot database: it belongs to another application (application_id 0x${appId.toString(16)})`,
    );
  }
  if (tables.length > 0 && !tables.includes('schema_migrations')) {
    throw new StoreError(
      'not_a_bot_database',
      `${path} is not a bot database: it has tables (${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}) but no schema_migrations table`,
    );
  }
  return tables;
}

/** Applies missing migrations; the caller holds a write transaction. Returns the versions applied. */
function migrateSqlite(
  db: Database.Database,
  path: string,
  existing: readonly string[],
  migrations: readonly Migration[] = MIGRATIONS,
): number[] {
  db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`,
  );
  if (existing.length === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
  const applied = db
    .prepare('SELECT version FROM schema_migrations ORDER BY version')
    .pluck()
    .all() as number[];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const todo = pendingMigrations(applied, path, migrations);
  for (const migration of todo) {
    for (const sql of migration.sqlite) db.exec(sql);
    record.run(migration.version, migration.name, Date.now());
  }
  const tables = new Set(
    db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).pluck().all() as string[],
  );
  const missing = BOT_TABLES.filter((t) => !tables.has(t));
  if (missing.length > 0) {
    throw new StoreError(
      'not_a_bot_database',
      `${path} is not a bot database: table ${missing.join(', ')} missing`,
    );
  }
  return todo.map((m) => m.version);
}
