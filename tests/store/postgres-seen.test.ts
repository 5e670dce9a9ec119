/**
 * Webhook updates are never dropped: markUpdateSeen whose connection dies right after its commit is retried by
 * the store on a new connection, and the retry must still call the update new (it was this call that recorded
 * it), while a real redelivery is still a repeat.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../src/store/postgres.js';
import { droppingProxy } from './dropping-proxy.js';
import { TEST_DATABASE_URL, adminPool, closeAdminPool, dropSchema, uniqueName } from './pg-harness.js';

afterAll(closeAdminPool);

describe('markUpdateSeen after a lost connection (PostgreSQL)', () => {
  it('a retry after the commit is still "first seen"; a second delivery is a repeat', async () => {
    const target = new URL(TEST_DATABASE_URL);
    const proxy = await droppingProxy(target.hostname, Number(target.port || 5432));
    const schema = uniqueName('seen_retry');
    const url = new URL(TEST_DATABASE_URL);
    url.host = `127.0.0.1:${proxy.port}`;
    const store = await PostgresStore.open({ databaseUrl: url.toString(), schema, poolSize: 2 });
    try {
      proxy.arm('seen_updates');
      expect(await store.markUpdateSeen('telegram', '1001', new Date())).toBe(true);
      expect(proxy.dropped).toBe(1); // the first answer really was lost, after the row was committed
      const { rows } = await adminPool().query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${schema}".seen_updates WHERE update_id = '1001'`,
      );
      expect(rows[0]!.n).toBe(1);
      // Telegram redelivers the same update (to this or another process): a repeat.
      expect(await store.markUpdateSeen('telegram', '1001', new Date())).toBe(false);
      expect(await store.markUpdateSeen('telegram', '1002', new Date())).toBe(true);
    } finally {
      await store.close();
      await proxy.close();
      await dropSchema(schema);
    }
  });
});
