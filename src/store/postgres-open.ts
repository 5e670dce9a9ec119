/**
 * PostgreSQL plumbing: the pool (search_path set per connection, bigints as numbers, idle-connection errors
 * logged instead of crashing the process), connection-error detection, and the migration runner, which
 * serialises concurrent start-ups with an advisory lock.
 */
import pg from 'pg';
import type { Logger } from '../ports.js';
import { StoreError } from './errors.js';
import { BOT_TABLES, MIGRATIONS, pendingMigrations, type Migration } from './migrations.js';

export interface PoolOptions {
  readonly databaseUrl: string;
  /** Schema for all tables (created if missing); default: the connection's search_path (usually public). */
  readonly schema?: string | undefined;
  /** Connections in the pool. Default 10. */
  readonly poolSize?: number;
  /** How long a call waits for a connection before failing. Default 10 s. */
  readonly connectionTimeoutMs?: number;
  /** Shown in pg_stat_activity. Default "ki-widerspruch-bot". */
  readonly applicationName?: string;
  readonly logger?: Logger | undefined;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const INT8_OID = 20;

/** The database a URL points at, without credentials, for error messages and logs. */
export function describeTarget(databaseUrl: string, schema?: string): string {
  let where: string;
  try {
    const url = new URL(databaseUrl);
    where = `postgres://${url.username ? `${decodeURIComponent(url.username)}@` : ''}${url.host}${url.pathname}`;
  } catch {
    where = 'DATABASE_URL (unparsable)';
  }
  return schema ? `${where} (schema ${schema})` : where;
}

export function createPool(options: PoolOptions): pg.Pool {
  const { schema, logger } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new TypeError(`schema name ${JSON.stringify(schema)} must match ${String(SCHEMA_NAME)} (lower-case letters, digits, _)`);
  }
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: options.applicationName ?? 'ki-widerspruch-bot',
    // Every connection, including ones opened after a reconnect, sees only this schema.
    ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
    // Epoch milliseconds and counts are bigints; all fit in a double.
    types: { getTypeParser: ((oid: number, format?: 'text') => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  // An idle connection that dies (server restart, pg_terminate_backend, network) must not crash the process:
  // the pool drops it and opens a new one on the next call.
  pool.on('error', (err) => logger?.warn({ err, target: describeTarget(options.databaseUrl, schema) }, 'store: idle PostgreSQL connection lost; will reconnect'));
  return pool;
}

const CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** True if the error means the connection (not the statement) failed, so the same call may succeed on a new one. */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = 'code' in err && typeof err.code === 'string' ? err.code : '';
  return (
    CONNECTION_CODES.has(code) ||
    code.startsWith('08') ||
    /Connection terminated|connection error|Client was closed|timeout exceeded when trying to connect/i.test(err.message)
  );
}

/**
 * Creates the schema if needed and applies missing migrations in one transaction, holding an advisory lock so
 * processes starting together migrate one after the other. Refuses a schema that holds another program's tables.
 */
export async function migratePostgres(client: pg.PoolClient, where: string, schema: string | undefined, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`ki-widerspruch-bot migrate ${schema ?? ''}`]);
    if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const current = (await client.query<{ s: string | null }>('SELECT current_schema() AS s')).rows[0]?.s;
    if (!current) throw new StoreError('not_a_bot_database', `${where}: no schema to create tables in (search_path names no existing schema)`);
    const tables = await listTables(client);
    if (tables.length > 0 && !tables.includes('schema_migrations')) {
      throw new StoreError(
        'not_a_bot_database',
        `${where} is not a bot database: schema ${current} has tables (${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}) but no schema_migrations table; give the bot its own schema or database`,
      );
    }
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`);
    const applied = (await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
    const todo = pendingMigrations(applied, where, migrations);
    for (const migration of todo) {
      for (const sql of migration.postgres) await client.query(sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, Date.now()]);
    }
    const present = new Set(await listTables(client));
    const missing = BOT_TABLES.filter((t) => !present.has(t));
    if (missing.length > 0) throw new StoreError('not_a_bot_database', `${where} is not a bot database: table ${missing.join(', ')} missing`);
    await client.query('COMMIT');
    return todo.map((m) => m.version);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

async function listTables(client: pg.PoolClient): Promise<string[]> {
  const result = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
  );
  return result.rows.map((r) => r.table_name);
}
