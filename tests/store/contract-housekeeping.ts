/** Contract: known deadlines, seen updates, data export and deletion, stats, ping and close. */
import { describe, expect, it } from 'vitest';
import { MINUTE, at, delivery, total, type StoreHarness } from './harness.js';

export function housekeepingContract(h: () => StoreHarness): void {
  describe('housekeeping', () => {
    it('remembers which deadlines were planned, for when', async () => {
      const { store } = h();
      expect(await store.knownDeadlines()).toEqual(new Map());
      await store.setKnownDeadline('meta-2026', 1_780_000_000_000);
      await store.setKnownDeadline('other', 1);
      await store.setKnownDeadline('meta-2026', 1_790_000_000_000);
      expect(await store.knownDeadlines()).toEqual(
        new Map([
          ['meta-2026', 1_790_000_000_000],
          ['other', 1],
        ]),
      );
      await store.removeKnownDeadline('other');
      await store.removeKnownDeadline('never-there');
      expect([...(await store.knownDeadlines()).keys()]).toEqual(['meta-2026']);
    });

    it('markUpdateSeen says false for an update it has seen, per platform; pruning forgets old ones', async () => {
      const { store } = h();
      expect(await store.markUpdateSeen('telegram', '1001', at(0))).toBe(true);
      expect(await store.markUpdateSeen('telegram', '1001', at(5))).toBe(false);
      expect(await store.markUpdateSeen('matrix', '1001', at(5))).toBe(true);
      expect(await store.markUpdateSeen('telegram', '1002', at(10 * MINUTE))).toBe(true);
      expect(await store.pruneSeenUpdates(at(MINUTE))).toBe(2);
      expect(await store.markUpdateSeen('telegram', '1002', at(11 * MINUTE))).toBe(false);
      expect(await store.markUpdateSeen('telegram', '1001', at(11 * MINUTE))).toBe(true);
    });

    it('exportConversation returns the settings and every delivery of that conversation', async () => {
      const { store } = h();
      expect(await store.exportConversation('telegram:1')).toEqual({ settings: undefined, deliveries: [] });
      await store.subscribe('telegram:1');
      await store.setChecklistItem('telegram:1', 'instagram', true);
      await store.enqueue([
        delivery('a', 'telegram:1', 0),
        delivery('b', 'telegram:1', MINUTE),
        delivery('c', 'telegram:2', 0),
      ]);
      const [a] = await store.claimDue({ now: at(0), owner: 'w', leaseMs: MINUTE, limit: 1 });
      await store.markSent(a!.id, 'w', at(1));
      const data = await store.exportConversation('telegram:1');
      expect(data.settings).toMatchObject({
        conversation: 'telegram:1',
        subscribed: true,
        checklist: ['instagram'],
      });
      expect(data.deliveries.map((d) => [d.key, d.status])).toEqual([
        ['a', 'sent'],
        ['b', 'pending'],
      ]);
    });

    it('forgetConversation deletes every row that mentions the conversation, in every table, and counts them', async () => {
      const { store } = h();
      const me = 'telegram:424242';
      await store.setLanguage(me, 'en');
      await store.setTimezone(me, 'Europe/Berlin');
      await store.subscribe(me);
      await store.setChecklistItem(me, 'instagram', true);
      await store.setChecklistItem(me, 'facebook', true);
      await store.enqueue([
        delivery(`d:dl-1:7:${me}`, me, 0),
        delivery(`p:${me}`, me, MINUTE, { kind: 'personal' }),
      ]);
      const [first] = await store.claimDue({ now: at(0), owner: 'w', leaseMs: MINUTE, limit: 1 });
      await store.markSent(first!.id, 'w', at(1));
      await store.markUpdateSeen('telegram', '777', at(0));
      await store.setKnownDeadline('dl-1', 1);
      await store.subscribe('telegram:1');
      await store.enqueue([delivery('other', 'telegram:1', 0)]);
      const before = await h().rowsMentioning(me);
      expect(total(before)).toBe(5); // conversation, 2 checklist items, 2 deliveries
      expect(await h().store.forgetConversation(me)).toBe(5);
      expect(await h().rowsMentioning(me)).toEqual(
        Object.fromEntries(Object.keys(before).map((t) => [t, 0])),
      );
      expect(await h().store.getSettings(me)).toBeUndefined();
      expect(await h().store.getSettings('telegram:1')).toMatchObject({ subscribed: true });
      expect(await h().store.listDeliveries('telegram:1', 5)).toHaveLength(1);
      expect(await h().store.markUpdateSeen('telegram', '777', at(2))).toBe(false);
      expect(await h().store.forgetConversation(me)).toBe(0);
    });

    it('stats counts active subscribers per platform and language, and deliveries per status', async () => {
      const { store } = h();
      expect(await store.stats()).toEqual({
        subscribers: [],
        deliveries: { pending: 0, claimed: 0, sent: 0, failed: 0, skipped: 0 },
      });
      for (const id of [
        'telegram:1',
        'telegram:2',
        'telegram:3',
        'matrix:!a:x.org',
        'telegram:4',
        'telegram:5',
      ])
        await store.subscribe(id);
      await store.setLanguage('telegram:1', 'en');
      await store.setLanguage('telegram:2', 'de');
      await store.setLanguage('telegram:9', 'en'); // not subscribed
      await store.markInactive('telegram:4', 'blocked');
      await store.unsubscribe('telegram:5');
      await store.enqueue(['a', 'b', 'c', 'd', 'e'].map((k, i) => delivery(k, 'telegram:1', i)));
      const [a, b, c] = await store.claimDue({ now: at(10), owner: 'w', leaseMs: MINUTE, limit: 3 });
      await store.markSent(a!.id, 'w', at(11));
      await store.finish(b!.id, 'w', 'failed', 'x', at(11));
      expect(c?.status).toBe('claimed');
      const stats = await store.stats();
      const subscribers = [...stats.subscribers].sort((x, y) =>
        `${x.platform}/${x.lang}`.localeCompare(`${y.platform}/${y.lang}`),
      );
      expect(subscribers).toEqual([
        { platform: 'matrix', lang: 'default', count: 1 },
        { platform: 'telegram', lang: 'de', count: 1 },
        { platform: 'telegram', lang: 'default', count: 1 },
        { platform: 'telegram', lang: 'en', count: 1 },
      ]);
      expect(stats.deliveries).toEqual({ pending: 2, claimed: 1, sent: 1, failed: 1, skipped: 0 });
    });

    it('ping answers while open, and close can be called twice', async () => {
      const { store } = h();
      await store.ping();
      await store.close();
      await store.close();
      await expect(store.ping()).rejects.toThrow();
    });
  });
}
