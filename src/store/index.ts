/**
 * Opens the configured store: PostgreSQL when a database URL is given, otherwise SQLite in `<dataDir>/bot.sqlite`.
 * Both migrate at start-up and throw a StoreError with a message naming the database when they cannot open it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock, Logger } from '../ports/capabilities.js';
import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from '../ports/store.js';

export { StoreError } from './errors.js';

const SQLITE_FILE = 'bot.sqlite';

export interface OpenStoreOptions {
  /** DATA_DIR: where the SQLite file lives (created if missing). Unused with PostgreSQL. */
  readonly dataDir: string;
  /** DATABASE_URL (postgres://user@host:5432/db): use PostgreSQL instead of SQLite. */
  readonly databaseUrl?: string | undefined;
  /** PostgreSQL schema for the bot's tables (created if missing); default the connection's search_path. */
  readonly schema?: string | undefined;
  readonly logger?: Logger | undefined;
  readonly clock?: Clock | undefined;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { logger, clock } = options;
  if (options.databaseUrl) {
    const store = await PostgresStore.open({
      databaseUrl: options.databaseUrl,
      schema: options.schema,
      logger,
      clock,
    });
    logger?.info({ store: 'postgres', target: store.target }, 'store: opened');
    return store;
  }
  mkdirSync(options.dataDir, { recursive: true });
  const path = join(options.dataDir, SQLITE_FILE);
  const store = new SqliteStore(path, { ...(logger ? { logger } : {}), ...(clock ? { clock } : {}) });
  logger?.info({ store: 'sqlite', path }, 'store: opened');
  return store;
}
