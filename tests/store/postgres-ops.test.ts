/**
 * PostgreSQL operations: several processes on one schema, connections that die, an unreachable server, foreign
 * schemas, concurrent start-ups, and the claim query's plan.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/errors.js';
import { openStore } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import type { PostgresStore } from '../../src/store/postgres.js';
import { PG } from '../../src/store/postgres-sql.js';
import { cancelWhere } from '../../src/store/rows.js';
import type { Delivery } from '../../src/ports/store.js';
import { MINUTE, at, delivery } from './harness.js';
import {
  TEST_DATABASE_URL,
  adminPool,
  closeAdminPool,
  dropSchema,
  openPg,
  uniqueName,
} from './pg-harness.js';
import { recordingLogger } from './recording-logger.js';

const schemas: string[] = [];
const stores: PostgresStore[] = [];
const fresh = () => {
  const schema = uniqueName('store_ops');
  schemas.push(schema);
  return schema;
};
const track = async (p: Promise<PostgresStore>) => {
  const store = await p;
  stores.push(store);
  return store;
};
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  for (const schema of schemas.splice(0)) await dropSchema(schema);
});
afterAll(closeAdminPool);

const terminate = (applicationName: string) =>
  adminPool().query<{ n: string }>(
    'SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE application_name = $1',
    [applicationName],
  );

describe('PostgreSQL: two processes on one database', () => {
  it('claiming 2,000 deliveries from two pools in parallel hands each out exactly once', async () => {
    const schema = fresh();
    const [a, b] = [await track(openPg(schema)), await track(openPg(schema))];
    await a.enqueue(Array.from({ length: 2000 }, (_, i) => delivery(`k${i}`, `telegram:${i % 97}`, i % 500)));
    const claimed: Delivery[] = [];
    const worker = async (store: PostgresStore, owner: string) => {
      for (;;) {
        const batch = await store.claimDue({ now: at(MINUTE), owner, leaseMs: MINUTE, limit: 25 });
        if (batch.length === 0) return;
        claimed.push(...batch);
        for (const d of batch) expect(await store.markSent(d.id, owner, at(MINUTE))).toBe(true);
      }
    };
    await Promise.all([
      worker(a, 'a1'),
      worker(a, 'a2'),
      worker(a, 'a3'),
      worker(b, 'b1'),
      worker(b, 'b2'),
      worker(b, 'b3'),
    ]);
    const ids = claimed.map((d) => d.id);
    expect(new Set(ids).size).toBe(2000);
    expect(ids).toHaveLength(2000);
    expect(new Set(claimed.map((d) => d.leaseOwner?.[0]))).toEqual(new Set(['a', 'b']));
    expect((await b.stats()).deliveries).toMatchObject({ sent: 2000, pending: 0, claimed: 0 });
  }, 60_000);

  it('two processes enqueueing the same keys in opposite order both succeed, and each key is stored once', async () => {
    const schema = fresh();
    const [a, b] = [await track(openPg(schema)), await track(openPg(schema))];
    const rows = Array.from({ length: 20_000 }, (_, i) =>
      delivery(`d:${String(i).padStart(5, '0')}`, `telegram:${i}`, i),
    );
    for (let round = 0; round < 3; round++) {
      const batch = rows.slice(round * 5000, round * 5000 + 8000);
      const [x, y] = await Promise.all([a.enqueue(batch), b.enqueue([...batch].reverse())]);
      expect(x + y).toBe(round === 0 ? 8000 : 5000);
    }
    expect((await a.stats()).deliveries.pending).toBe(18_000);
  }, 60_000);

  it('a claim left by a crashed process is taken over when its lease ends, and the old owner can no longer settle it', async () => {
    const schema = fresh();
    const [a, b] = [await track(openPg(schema)), await track(openPg(schema))];
    await a.enqueue([delivery('k', 'telegram:1', 0)]);
    const [lost] = await a.claimDue({ now: at(0), owner: 'a', leaseMs: 1000, limit: 5 });
    expect(await b.claimDue({ now: at(999), owner: 'b', leaseMs: 1000, limit: 5 })).toEqual([]);
    const [taken] = await b.claimDue({ now: at(1000), owner: 'b', leaseMs: 1000, limit: 5 });
    expect(taken).toMatchObject({ id: lost!.id, leaseOwner: 'b', attempts: 2 });
    expect(await a.markSent(lost!.id, 'a', at(1001))).toBe(false);
    expect(await b.markSent(taken!.id, 'b', at(1001))).toBe(true);
  });
});

describe('PostgreSQL: connections that go away', () => {
  it('after the server terminates every connection, the next calls succeed and nothing crashes', async () => {
    const applicationName = uniqueName('bot_reconnect');
    const logger = recordingLogger();
    const store = await track(openPg(fresh(), { applicationName, logger }));
    for (let round = 0; round < 3; round++) {
      await Promise.all([store.ping(), store.subscribe(`telegram:${round}`), store.stats()]);
      expect(Number((await terminate(applicationName)).rows[0]?.n)).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 50)); // let the pool see the dead idle connections
      await store.ping();
      expect(await store.subscribe(`telegram:x${round}`)).toBe(true);
    }
    expect((await store.listSubscribers(undefined, 10)).length).toBe(6);
    expect(
      logger.entries.some((e) => e.level === 'warn' && /PostgreSQL connection lost/.test(e.msg ?? '')),
    ).toBe(true);
  });

  it('a connection killed in the middle of a large enqueue loses nothing: all rows or an error and none', async () => {
    const applicationName = uniqueName('bot_midway');
    const store = await track(openPg(fresh(), { applicationName }));
    const rows = Array.from({ length: 60_000 }, (_, i) => delivery(`m${i}`, `telegram:${i}`, i));
    const pending = store.enqueue(rows).then(
      (n) => ({ n }),
      (err: unknown) => ({ err }),
    );
    await new Promise((resolve) => setTimeout(resolve, 60));
    await terminate(applicationName);
    const outcome = await pending;
    const stored = (await store.stats()).deliveries.pending;
    if ('n' in outcome) expect(stored).toBe(60_000);
    else expect(stored).toBe(0);
    expect(await store.enqueue(rows)).toBe(60_000 - stored);
  }, 60_000);

  it('an unreachable server gives an error naming the database, without the password', async () => {
    const err = await openStore({
      dataDir: '/nonexistent',
      databaseUrl: 'postgres://bot:s3cret@127.0.0.1:1/test',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toMatch(
      /^cannot open the database at postgres:\/\/bot@127\.0\.0\.1:1\/test: .*ECONNREFUSED/,
    );
    expect((err as Error).message).not.toContain('s3cret');
  });
});

describe('PostgreSQL: schemas and migrations', () => {
  it('a schema holding another program’s tables is refused and left untouched', async () => {
    const schema = fresh();
    await adminPool().query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.users (id int)`);
    await expect(openPg(schema)).rejects.toThrow(
      `is not a bot database: schema ${schema} has tables (users) but no schema_migrations table`,
    );
    const tables = await adminPool().query(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
      [schema],
    );
    expect(tables.rows.map((r: { table_name: string }) => r.table_name)).toEqual(['users']);
  });

  it('processes starting together migrate once; later starts apply nothing; a newer schema is refused', async () => {
    const schema = fresh();
    const opened = await Promise.all([1, 2, 3, 4].map(() => track(openPg(schema))));
    expect(opened).toHaveLength(4);
    const rows = async () =>
      (
        await adminPool().query<{ version: number; applied_at: unknown }>(
          `SELECT version, applied_at FROM ${schema}.schema_migrations ORDER BY version`,
        )
      ).rows;
    const first = await rows();
    expect(first.map((r: { version: number }) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    await track(openPg(schema));
    expect(await rows()).toEqual(first);
    await adminPool().query(`INSERT INTO ${schema}.schema_migrations VALUES (99, 'future', 0)`);
    await expect(openPg(schema)).rejects.toMatchObject({
      code: 'newer_schema',
      message: expect.stringContaining('schema version 99') as string,
    });
  });

  it('openStore with a database URL opens PostgreSQL in the given schema; a bad schema name is refused', async () => {
    const schema = fresh();
    const store = await openStore({ dataDir: '/nonexistent', databaseUrl: TEST_DATABASE_URL, schema });
    expect(store.kind).toBe('postgres');
    await store.subscribe('telegram:1');
    await store.close();
    expect(
      (await adminPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.conversations`))
        .rows[0]?.n,
    ).toBe(1);
    await expect(
      openStore({ dataDir: '/x', databaseUrl: TEST_DATABASE_URL, schema: 'Robert"; DROP' }),
    ).rejects.toThrow(/schema name/);
  });
});

describe('PostgreSQL claim query plan', () => {
  it('settling a claim uses the primary key, and cancelling by conversation its index, even on stale statistics', async () => {
    const schema = fresh();
    const store = await track(openPg(schema));
    await store.enqueue(Array.from({ length: 200 }, (_, i) => delivery(`old${i}`, `telegram:${i}`, 0)));
    for (const d of await store.claimDue({ now: at(0), owner: 'w', leaseMs: MINUTE, limit: 200 }))
      await store.markSent(d.id, 'w', at(1));
    await adminPool().query(`ANALYZE ${schema}.deliveries`); // statistics: every delivery sent
    await store.enqueue(Array.from({ length: 5000 }, (_, i) => delivery(`new${i}`, `telegram:${i}`, 0)));
    await store.claimDue({ now: at(0), owner: 'w', leaseMs: MINUTE, limit: 5000 });
    const client = await adminPool().connect();
    try {
      await client.query(`SET search_path TO ${schema}`);
      const explain = async (sql: string, params: unknown[]) =>
        (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
      expect(await explain(PG.markSent, [1, 'w', 0])).toMatch(/Index Scan using deliveries_pkey/);
      expect(await explain(PG.retryLater, [1, 'w', 0, 'x'])).toMatch(/Index Scan using deliveries_pkey/);
      expect(await explain(PG.finish, [1, 'w', 'failed', 'x', 0])).toMatch(
        /Index Scan using deliveries_pkey/,
      );
      expect(await explain(PG.deleteOpenOfConversation, ['telegram:1'])).toMatch(
        /Index Scan using deliveries_conversation/,
      );
      const byConversation = cancelWhere({ conversation: 'telegram:1', kind: 'personal' }, (n) => `$${n}`);
      expect(
        await explain(`DELETE FROM deliveries WHERE ${byConversation.where}`, byConversation.params),
      ).toMatch(/Index Scan using deliveries_conversation/);
    } finally {
      await client.query('RESET search_path');
      client.release();
    }
  });

  it('picks with the partial due index in order (no sort), locks with SKIP LOCKED, and updates by primary key', async () => {
    const schema = fresh();
    const store = await track(openPg(schema));
    await store.enqueue(
      Array.from({ length: 5000 }, (_, i) =>
        delivery(`k${i}`, i % 2 ? `telegram:${i}` : `matrix:${i}`, i * 1000),
      ),
    );
    await adminPool().query(`ANALYZE ${schema}.deliveries`);
    const plan = (await store.explainClaim({ now: at(6000 * 1000) })).join('\n');
    expect(plan).toMatch(/Index Scan using deliveries_due on deliveries/);
    expect(plan).toContain('LockRows');
    expect(plan).toMatch(
      /Index Scan using deliveries_pkey on deliveries\s+\(.*\)\n\s+Index Cond: \(id = ANY/,
    );
    expect(plan).not.toMatch(/Seq Scan|Sort|Hash/);
    expect((await store.explainClaim({ now: at(6000 * 1000), platform: 'telegram' })).join('\n')).toMatch(
      /Index Scan using deliveries_platform_due/,
    );
  });
});
