/** Test setup for the SQLite store: a real file in a fresh temporary directory. */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore, type SqliteStoreOptions } from '../../src/store/sqlite.js';
import type { StoreHarness } from './harness.js';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'bot-store-'));
}

/** Per table, rows in which any TEXT column contains `text`. The file must not be open in a store. */
function sqliteRowsMentioning(path: string, text: string): Record<string, number> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      .pluck()
      .all() as string[];
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const columns = (
        db.prepare(`SELECT name, type FROM pragma_table_xinfo(?)`).all(table) as Array<{
          name: string;
          type: string;
        }>
      )
        .filter((c) => c.type.toUpperCase() === 'TEXT')
        .map((c) => `instr("${c.name}", @text) > 0`);
      counts[table] = columns.length
        ? (db
            .prepare(`SELECT count(*) FROM "${table}" WHERE ${columns.join(' OR ')}`)
            .pluck()
            .get({ text }) as number)
        : 0;
    }
    return counts;
  } finally {
    db.close();
  }
}

export function sqliteHarness(
  options: SqliteStoreOptions = {},
): Promise<StoreHarness & { readonly path: string; readonly dir: string }> {
  const dir = tempDir();
  const path = join(dir, 'bot.sqlite');
  const open = () => new SqliteStore(path, { lockTimeoutMs: 50, ...options });
  const h = {
    dir,
    path,
    store: open(),
    async reopen() {
      await h.store.close();
      h.store = open();
      return h.store;
    },
    async rowsMentioning(text: string) {
      // The store holds an exclusive lock on the file: close it, look, open it again.
      await h.store.close();
      const counts = sqliteRowsMentioning(path, text);
      h.store = open();
      return counts;
    },
    async dispose() {
      await h.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return Promise.resolve(h);
}
