/**
 * The PostgreSQL migration runner: creates the schema if needed and applies missing migrations in one
 * transaction, holding an advisory lock so that processes starting together migrate one after the other.
 */
import type pg from 'pg';
import { StoreError } from './errors.js';
import { BOT_TABLES, MIGRATIONS, pendingMigrations, type Migration } from './migrations.js';

/**
 * Creates the schema if needed and applies missing migrations in one transaction, holding an advisory lock so
 * processes starting together migrate one after the other. Refuses a schema that holds another program's tables.
 */
export async function migratePostgres(
  client: pg.PoolClient,
  where: string,
  schema: string | undefined,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
      `ki-widerspruch-bot migrate ${schema ?? ''}`,
    ]);
    if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const current = (await client.query<{ s: string | null }>('SELECT current_schema() AS s')).rows[0]?.s;
    if (!current)
      throw new StoreError(
        'not_a_bot_database',
        `${where}: no schema to create tables in (search_path names no existing schema)`,
      );
    const tables = await listTables(client);
    if (tables.length > 0 && !tables.includes('schema_migrations')) {
      throw new StoreError(
        'not_a_bot_database',
        `${where} is not a bot database: schema ${current} has tables (${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}) but no schema_migrations table; give the bot its own schema or database`,
      );
    }
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`,
    );
    const applied = (
      await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')
    ).rows.map((r) => r.version);
    const todo = pendingMigrations(applied, where, migrations);
    for (const migration of todo) {
      for (const sql of migration.postgres) await client.query(sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        Date.now(),
      ]);
    }
    const present = new Set(await listTables(client));
    const missing = BOT_TABLES.filter((t) => !present.has(t));
    if (missing.length > 0)
      throw new StoreError(
        'not_a_bot_database',
        `${where} is not a bot database: table ${missing.join(', ')} missing`,
      );
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
