import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { Housekeeping } from '../../src/ops/housekeeping.js';
import { VirtualTime } from '../helpers/virtual-time.js';
import { closeAdminPool, pgHarness } from '../store/pg-harness.js';
import { sqliteHarness } from '../store/sqlite-harness.js';

afterAll(closeAdminPool);

for (const [name, open] of [
  ['SQLite', () => sqliteHarness()],
  ['PostgreSQL', () => pgHarness()],
] as const) {
  describe(`housekeeping with ${name}`, () => {
    it('deletes finished deliveries after the retention period and old update ids, and keeps the rest', async () => {
      const h = await open();
      try {
        const { store } = h;
        const vt = new VirtualTime('2027-03-01T10:00:00Z');
        const day = 86_400_000;
        const at = (days: number) => new Date(vt.now().getTime() - days * day);
        await store.subscribe('t:1');
        await store.enqueue([
          { key: 'old-sent', conversation: 't:1', kind: 'broadcast', ref: 'x', dueAt: at(40), payload: 'a' },
          {
            key: 'old-pending',
            conversation: 't:1',
            kind: 'broadcast',
            ref: 'x',
            dueAt: at(40),
            payload: 'b',
          },
          { key: 'new-sent', conversation: 't:1', kind: 'broadcast', ref: 'x', dueAt: at(5), payload: 'c' },
        ]);
        const claimed = await store.claimDue({ now: vt.now(), owner: 'o', leaseMs: 60_000, limit: 10 });
        for (const d of claimed) if (d.key !== 'old-pending') await store.markSent(d.id, 'o', vt.now());
        await store.retryLater(claimed.find((d) => d.key === 'old-pending')!.id, 'o', vt.now(), 'later');
        await store.markUpdateSeen('telegram', '1', at(3));
        await store.markUpdateSeen('telegram', '2', at(0));
        await store.putEphemeral('expired', 'x', vt.now());
        await store.putEphemeral('fresh', 'x', new Date(vt.now().getTime() + 60_000));
        const result = await new Housekeeping(store, vt, 30, silentLogger).run();
        expect(result).toEqual({ updates: 1, deliveries: 1, ephemeral: 1 });
        expect(await store.getEphemeral('fresh', vt.now())).toBe('x');
        const left = (await store.listDeliveries('t:1', 10)).map((d) => d.key).sort();
        expect(left).toEqual(['new-sent', 'old-pending']);
        expect(await store.markUpdateSeen('telegram', '2', vt.now())).toBe(false);
        expect(await store.markUpdateSeen('telegram', '1', vt.now())).toBe(true);
      } finally {
        await h.dispose();
      }
    });
  });
}
