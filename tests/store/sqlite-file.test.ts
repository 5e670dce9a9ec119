/** The SQLite file at start-up: one process only, and a foreign or damaged file is named, never overwritten. */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/errors.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { killHard, startHolder } from './child.js';
import { MINUTE, at, delivery } from './harness.js';
import { tempDir } from './sqlite-harness.js';

let dir: string;
let path: string;
const open = () => new SqliteStore(path, { lockTimeoutMs: 50 });
const refusal = (fn: () => unknown): StoreError => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    return err as StoreError;
  }
  throw new Error('expected the open to be refused');
};

beforeEach(() => {
  dir = tempDir();
  path = join(dir, 'bot.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite: one bot process per file', () => {
  it('refuses a second store on the same file, naming it, and opens again once the first is closed', async () => {
    const first = open();
    const err = refusal(open);
    expect(err.code).toBe('locked');
    expect(err.message).toContain(`another bot process is using ${path}`);
    await first.subscribe('telegram:1');
    await first.close();
    const again = open();
    expect((await again.getSettings('telegram:1'))?.subscribed).toBe(true);
    await again.close();
  });

  it('a refused open in the same process leaves the first one’s lock in place', async () => {
    const first = open();
    refusal(open);
    const other = await startHolder(path);
    expect(other.firstLine).toMatch(/^refused: another bot process is using /);
    await killHard(other.child);
    await first.close();
  });

  it('refuses while another process runs, and opens after that process is killed with SIGKILL', async () => {
    const holder = await startHolder(path);
    try {
      expect(holder.firstLine).toBe('ready');
      expect(refusal(open).message).toContain(`another bot process is using ${path}`);
    } finally {
      await killHard(holder.child);
    }
    const store = open(); // the OS dropped the dead process's lock; the WAL is recovered
    expect((await store.getSettings('telegram:child'))?.subscribed).toBe(true);
    await store.close();
  }, 30_000);
});

describe('SQLite: claims left behind', () => {
  it('claims still open when the file was last closed are handed back at the next open, attempts kept', async () => {
    const before = open();
    await before.enqueue([delivery('a', 'telegram:1', 0), delivery('b', 'telegram:1', 1)]);
    const [a] = await before.claimDue({ now: at(10), owner: 'dead', leaseMs: 60 * MINUTE, limit: 1 });
    await before.close();
    const after = open();
    expect(await after.nextDue()).toEqual(at(0));
    const again = await after.claimDue({ now: at(20), owner: 'alive', leaseMs: MINUTE, limit: 5 });
    expect(again.map((d) => [d.key, d.attempts])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(await after.markSent(a!.id, 'dead', at(21))).toBe(false);
    await after.close();
  });
});

describe('SQLite: files that are not a bot database', () => {
  it('a file of random bytes is named as not a database, and left as it was', () => {
    const bytes = randomBytes(64 * 1024);
    writeFileSync(path, bytes);
    const err = refusal(open);
    expect(err.code).toBe('not_a_bot_database');
    expect(err.message).toMatch(
      new RegExp(
        `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a bot database: file is not a database`,
      ),
    );
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('another program’s SQLite database is refused with its tables named, and not modified', () => {
    const foreign = new Database(path);
    foreign.exec(
      `CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ada')`,
    );
    foreign.close();
    const before = readFileSync(path);
    const err = refusal(open);
    expect(err.message).toBe(
      `${path} is not a bot database: it has tables (users) but no schema_migrations table`,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('a database marked with another application id is refused', () => {
    const foreign = new Database(path);
    foreign.pragma('application_id = 1234');
    foreign.close();
    expect(refusal(open).message).toMatch(
      /not a bot database: it belongs to another application \(application_id 0x4d2\)/,
    );
  });

  it('a bot database with a table missing is named, not silently repaired', async () => {
    await open().close();
    const raw = new Database(path);
    raw.exec('DROP TABLE known_deadlines');
    raw.close();
    expect(refusal(open).message).toBe(`${path} is not a bot database: table known_deadlines missing`);
  });

  it('a file in a directory that does not exist gives an error naming it', () => {
    path = join(dir, 'missing', 'bot.sqlite');
    expect(refusal(open).message).toContain(path);
  });
});
