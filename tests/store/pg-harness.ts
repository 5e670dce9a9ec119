/**
 * Test setup for the PostgreSQL store: the real server on 127.0.0.1:5432 (TEST_DATABASE_URL to override), each
 * harness in a schema of its own that is dropped afterwards, so test files and parallel runs never collide.
 */
import pg from 'pg';
import { PostgresStore, type PostgresStoreOptions } from '../../src/store/postgres.js';
import type { StoreHarness } from './harness.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let admin: pg.Pool | undefined;
let counter = 0;

/** A pool for setting up and inspecting schemas behind the store's back. */
export function adminPool(): pg.Pool {
  if (!admin) {
    admin = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 3 });
    // Once per pool: adding it on every call piled up listeners (MaxListenersExceededWarning).
    admin.on('error', () => undefined);
  }
  return admin;
}

export async function closeAdminPool(): Promise<void> {
  const pool = admin;
  admin = undefined;
  await pool?.end();
}

export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`;
}

export async function dropSchema(schema: string): Promise<void> {
  await adminPool().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

/** Per table of the schema, rows in which any text column contains `text`. */
async function pgRowsMentioning(schema: string, text: string): Promise<Record<string, number>> {
  const { rows } = await adminPool().query<{ table_name: string; column_name: string }>(
    `SELECT t.table_name, c.column_name FROM information_schema.tables t
       LEFT JOIN information_schema.columns c ON c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.data_type = 'text'
     WHERE t.table_schema = $1 ORDER BY t.table_name, c.ordinal_position`,
    [schema],
  );
  const columns = new Map<string, string[]>();
  for (const r of rows)
    columns.set(r.table_name, [
      ...(columns.get(r.table_name) ?? []),
      ...(r.column_name ? [r.column_name] : []),
    ]);
  const counts: Record<string, number> = {};
  for (const [table, cols] of columns) {
    const where = cols.map((c) => `strpos("${c}", $1) > 0`).join(' OR ');
    counts[table] = where
      ? Number(
          (
            await adminPool().query<{ n: string }>(
              `SELECT count(*) AS n FROM "${schema}"."${table}" WHERE ${where}`,
              [text],
            )
          ).rows[0]?.n,
        )
      : 0;
  }
  return counts;
}

export function openPg(schema: string, options: Partial<PostgresStoreOptions> = {}): Promise<PostgresStore> {
  return PostgresStore.open({ databaseUrl: TEST_DATABASE_URL, schema, poolSize: 4, ...options });
}

export async function pgHarness(): Promise<StoreHarness & { readonly schema: string }> {
  const schema = uniqueName('store_test');
  const h = {
    schema,
    store: await openPg(schema),
    async reopen() {
      await h.store.close();
      h.store = await openPg(schema);
      return h.store;
    },
    rowsMentioning: (text: string) => pgRowsMentioning(schema, text),
    async dispose() {
      await h.store.close();
      await dropSchema(schema);
    },
  };
  return h;
}
