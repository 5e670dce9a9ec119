/** SQLite operations: versioned migrations, a full disk, openStore, and the claim query's plan. */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/errors.js';
import { openStore } from '../../src/store/index.js';
import { MIGRATIONS, type Migration } from '../../src/store/migrations.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { delivery } from './harness.js';
import { recordingLogger } from './recording-logger.js';
import { tempDir } from './sqlite-harness.js';

let dir: string;
let path: string;
beforeEach(() => {
  dir = tempDir();
  path = join(dir, 'bot.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const versions = () => {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version')
      .all() as Array<{ version: number; name: string; applied_at: number }>;
  } finally {
    db.close();
  }
};
/** A version no real migration uses (numbers in between may be taken by other changes). */
const NEXT = 90;
const KNOWN = MIGRATIONS.map((m) => m.version);
const LATEST = Math.max(...KNOWN);
const extra = (version: number, sql: string[]): Migration => ({
  version,
  name: `test ${version}`,
  sqlite: sql,
  postgres: [],
});

describe('SQLite migrations', () => {
  it('are recorded once per version, and opening again applies nothing', async () => {
    const logger = recordingLogger();
    await new SqliteStore(path, { logger }).close();
    const first = versions();
    expect(first.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    await new SqliteStore(path, { logger }).close();
    expect(versions()).toEqual(first);
    expect(logger.entries.filter((e) => e.msg?.includes('migrated'))).toHaveLength(1);
  });

  it('apply only the new version to an existing database, and a newer database is refused by an older bot', async () => {
    const store = new SqliteStore(path);
    await store.setLanguage('telegram:1', 'en');
    await store.close();
    const next = [...MIGRATIONS, extra(NEXT, ['CREATE TABLE extra (x INTEGER)'])];
    await new SqliteStore(path, { migrations: next }).close();
    expect(versions().map((v) => v.version)).toEqual([...KNOWN, NEXT]);
    const reopened = new SqliteStore(path, { migrations: next });
    expect(await reopened.getLanguage('telegram:1')).toBe('en');
    await reopened.close();
    expect(() => new SqliteStore(path)).toThrow(
      new StoreError(
        'newer_schema',
        `${path} has schema version ${NEXT}, but this bot only knows up to ${LATEST}: it was used by a newer version of the bot; upgrade the bot`,
      ),
    );
  });

  it('tolerate gaps: a version added later below the newest applied one is applied when it appears', async () => {
    // A newer change (92) lands first; one numbered below it (91) arrives later and is still applied.
    const without = [...MIGRATIONS, extra(92, ['CREATE TABLE later (x INTEGER)'])];
    await new SqliteStore(path, { migrations: without }).close();
    expect(versions().map((v) => v.version)).toEqual(without.map((m) => m.version));
    const filled = [...without, extra(91, ['CREATE TABLE filled (x INTEGER)'])];
    await new SqliteStore(path, { migrations: filled }).close();
    expect(versions().map((v) => v.version)).toEqual([...KNOWN, 91, 92]);
  });

  it('a failing migration rolls back completely', async () => {
    await new SqliteStore(path).close();
    const broken = [
      ...MIGRATIONS,
      extra(NEXT, ['CREATE TABLE half (x INTEGER)', 'CREATE TABLE half (x INTEGER)']),
    ];
    expect(() => new SqliteStore(path, { migrations: broken })).toThrow(/already exists/);
    expect(versions().map((v) => v.version)).toEqual(KNOWN);
    const db = new Database(path, { readonly: true });
    expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'half'`).pluck().get()).toBe(0);
    db.close();
  });
});

describe('SQLite write errors', () => {
  it('a full database rejects the write with an error naming the file, loses nothing, and works once there is room', async () => {
    const small = new SqliteStore(path, { maxPageCount: 64 });
    await small.enqueue([delivery('before', 'telegram:1', 0)]);
    const big = Array.from({ length: 5000 }, (_, i) =>
      delivery(`k${i}`, 'telegram:1', i, { payload: 'x'.repeat(200) }),
    );
    const err = await small.enqueue(big).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({
      code: 'full',
      message: expect.stringContaining(`cannot write to ${path}`) as string,
    });
    expect((await small.stats()).deliveries.pending).toBe(1);
    await small.close();
    const roomy = new SqliteStore(path);
    expect(await roomy.enqueue(big)).toBe(5000);
    await roomy.close();
  });

  it('a real full disk (1 MB tmpfs) surfaces as a StoreError, not a crash or silent loss', async (ctx) => {
    const mnt = join(dir, 'mnt');
    mkdirSync(mnt);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt], { stdio: 'ignore' });
    } catch {
      ctx.skip(); // needs root and mount rights; the max_page_count test above covers the same code path
    }
    try {
      const store = new SqliteStore(join(mnt, 'bot.sqlite'));
      let stored = 0;
      let failure: unknown;
      for (let batch = 0; batch < 100 && failure === undefined; batch++) {
        const rows = Array.from({ length: 500 }, (_, i) =>
          delivery(`b${batch}-${i}`, 'telegram:1', i, { payload: 'y'.repeat(100) }),
        );
        await store.enqueue(rows).then(
          (n) => (stored += n),
          (e: unknown) => (failure = e),
        );
      }
      expect(failure).toMatchObject({ name: 'StoreError', code: 'full' });
      expect((await store.stats()).deliveries.pending).toBe(stored);
      await store.close();
    } finally {
      execFileSync('umount', [mnt], { stdio: 'ignore' });
    }
  });
});

describe('SQLite backup', () => {
  it('copies the live database to a file another store can open', async () => {
    const store = new SqliteStore(path);
    await store.subscribe('telegram:1');
    const copy = join(dir, 'copy.sqlite');
    await store.backup(copy);
    await store.subscribe('telegram:2');
    const restored = new SqliteStore(copy);
    expect((await restored.listSubscribers(undefined, 10)).map((s) => s.conversation)).toEqual([
      'telegram:1',
    ]);
    await Promise.all([restored.close(), store.close()]);
  });
});

describe('SQLite in memory', () => {
  it('":memory:" gives a working store without a file (the terminal chat uses it)', async () => {
    const store = new SqliteStore(':memory:');
    expect(await store.subscribe('terminal:1')).toBe(true);
    expect(await store.enqueue([delivery('k', 'terminal:1', 0)])).toBe(1);
    expect(await store.claimDue({ now: new Date(8.64e15), owner: 'w', leaseMs: 1, limit: 5 })).toHaveLength(
      1,
    );
    await store.close();
  });
});

describe('openStore without DATABASE_URL', () => {
  it('creates the data directory and uses bot.sqlite in it', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const store = await openStore({ dataDir });
    expect(store.kind).toBe('sqlite');
    expect(existsSync(join(dataDir, 'bot.sqlite'))).toBe(true);
    await store.close();
  });
});

describe('SQLite claim query plan', () => {
  it('uses the partial due index, with no sort step', async () => {
    const store = new SqliteStore(path);
    const plan = await store.explainClaim({ now: new Date(0) });
    expect(plan.join('\n')).toContain('USING INDEX deliveries_due (due_at<?)');
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE|SCAN deliveries/);
    expect((await store.explainClaim({ now: new Date(0), platform: 'telegram' })).join('\n')).toContain(
      'USING INDEX deliveries_platform_due (platform=? AND due_at<?)',
    );
    await store.close();
  });
});
