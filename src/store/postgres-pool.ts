/**
 * PostgreSQL connections: the pool (search_path set per connection, bigints as numbers, idle-connection errors
 * logged instead of crashing the process) and a session that runs a call on a pooled connection, retrying once
 * on a new connection when the old one died (server restart, terminated backend, network).
 */
import pg from 'pg';
import type { Logger } from '../ports/capabilities.js';

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

/** Settings of every connection, pooled or not (the sender lock has one of its own). */
export function clientConfig(options: PoolOptions): pg.ClientConfig {
  const { schema } = options;
  return {
    connectionString: options.databaseUrl,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    keepAlive: true,
    application_name: options.applicationName ?? 'ki-widerspruch-bot',
    // Every connection, including ones opened after a reconnect, sees only this schema.
    ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
    // Epoch milliseconds and counts are bigints; all fit in a double.
    types: {
      getTypeParser: ((oid: number, format?: 'text') =>
        oid === INT8_OID
          ? Number
          : (pg.types.getTypeParser(oid, format) as (
              value: string,
            ) => unknown)) as typeof pg.types.getTypeParser,
    },
  };
}

export function createPool(options: PoolOptions): pg.Pool {
  const { schema, logger } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new TypeError(
      `schema name ${JSON.stringify(schema)} must match ${String(SCHEMA_NAME)} (lower-case letters, digits, _)`,
    );
  }
  const pool = new pg.Pool({
    ...clientConfig(options),
    max: options.poolSize ?? 10,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection that dies (server restart, pg_terminate_backend, network) must not crash the process:
  // the pool drops it and opens a new one on the next call.
  pool.on('error', (err) =>
    logger?.warn(
      { err, target: describeTarget(options.databaseUrl, schema) },
      'store: idle PostgreSQL connection lost; will reconnect',
    ),
  );
  return pool;
}

const CONNECTION_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** True if the error means the connection (not the statement) failed, so the same call may succeed on a new one. */
function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = 'code' in err && typeof err.code === 'string' ? err.code : '';
  return (
    CONNECTION_CODES.has(code) ||
    code.startsWith('08') ||
    /Connection terminated|connection error|Client was closed|timeout exceeded when trying to connect/i.test(
      err.message,
    )
  );
}

export type Db = Pick<pg.PoolClient, 'query'>;

export class PgSession {
  private closed = false;
  private lost = 0;
  private lostLoggedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly pool: pg.Pool,
    /** Where the data lives, without credentials (for messages). */
    readonly target: string,
    private readonly logger: Logger | undefined,
  ) {}

  /** Runs `fn` on one pooled connection; if the connection was lost, once more on a new one. */
  async withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient | undefined;
      let broken: unknown;
      // A checked-out connection that dies emits 'error'; without a listener that would crash the process.
      const onError = (err: Error) => void (broken = err);
      try {
        client = await this.pool.connect();
        client.on('error', onError);
        return await fn(client);
      } catch (err) {
        if (isConnectionError(err)) broken ??= err;
        if (broken === undefined || attempt > 1 || this.closed) throw err;
        // During an outage every call lands here: one line a minute (with the count), not one per call.
        this.lost += 1;
        if (performance.now() - this.lostLoggedAt >= 60_000) {
          this.logger?.warn(
            { err, target: this.target, times: this.lost },
            'store: PostgreSQL connection lost; retrying on a new connection',
          );
          this.lost = 0;
          this.lostLoggedAt = performance.now();
        }
      } finally {
        client?.removeListener('error', onError);
        client?.release(broken instanceof Error ? broken : undefined);
      }
    }
  }

  query<R extends pg.QueryResultRow>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<pg.QueryResult<R>> {
    return this.withClient((c) => c.query<R>(sql, params as unknown[]));
  }

  tx<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return this.withClient(async (c) => {
      await c.query('BEGIN');
      try {
        const result = await fn(c);
        await c.query('COMMIT');
        return result;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  /** Closes the pool. Idempotent. */
  async end(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
