/** Contract: per-conversation settings, subscriptions, checklist, reachability, subscriber paging. */
import { describe, expect, it } from 'vitest';
import { at, delivery, total, type StoreHarness } from './harness.js';

export function conversationContract(h: () => StoreHarness): void {
  describe('conversations', () => {
    it('a conversation that only reads gets no row', async () => {
      const { store } = h();
      expect(await store.getLanguage('telegram:1')).toBeUndefined();
      expect(await store.getSettings('telegram:1')).toBeUndefined();
      expect(await store.isActive('telegram:1')).toBe(true);
      await store.markActive('telegram:1');
      expect(await store.unsubscribe('telegram:1')).toBe(false);
      await store.setChecklistItem('telegram:1', 'instagram', false);
      expect((await store.exportConversation('telegram:1')).settings).toBeUndefined();
      expect(total(await h().rowsMentioning('telegram:1'))).toBe(0);
    });

    it('setLanguage creates the row, then overwrites the language and keeps the rest', async () => {
      const { store } = h();
      await store.setTimezone('telegram:1', 'Europe/Vienna');
      await store.setLanguage('telegram:1', 'en');
      expect(await store.getLanguage('telegram:1')).toBe('en');
      await store.setLanguage('telegram:1', 'de');
      const s = await store.getSettings('telegram:1');
      expect(s).toMatchObject({
        conversation: 'telegram:1',
        lang: 'de',
        timezone: 'Europe/Vienna',
        subscribed: false,
        active: true,
        checklist: [],
      });
      expect(s?.inactiveReason).toBeUndefined();
      expect(s!.updatedAt.getTime()).toBeGreaterThanOrEqual(s!.createdAt.getTime());
    });

    it('setTimezone creates the row without a language', async () => {
      const { store } = h();
      await store.setTimezone('matrix:!room:example.org', 'America/New_York');
      expect(await store.getSettings('matrix:!room:example.org')).toMatchObject({
        lang: undefined,
        timezone: 'America/New_York',
      });
    });

    it('subscribe reports whether the subscription is new, unsubscribe whether there was one', async () => {
      const { store } = h();
      expect(await store.subscribe('telegram:1')).toBe(true);
      expect(await store.subscribe('telegram:1')).toBe(false);
      expect((await store.getSettings('telegram:1'))?.subscribed).toBe(true);
      expect(await store.unsubscribe('telegram:1')).toBe(true);
      expect(await store.unsubscribe('telegram:1')).toBe(false);
      expect((await store.getSettings('telegram:1'))?.subscribed).toBe(false);
      expect(await store.subscribe('telegram:1')).toBe(true);
    });

    it('unsubscribe deletes the pending and claimed deliveries of that conversation, not sent ones or others', async () => {
      const { store } = h();
      await store.subscribe('telegram:1');
      await store.enqueue([
        delivery('a', 'telegram:1', 0),
        delivery('b', 'telegram:1', 0),
        delivery('c', 'telegram:1', 60_000),
        delivery('d', 'telegram:2', 0),
      ]);
      const [first, second] = await store.claimDue({ now: at(0), owner: 'w', leaseMs: 1000, limit: 2 });
      await store.markSent(first!.id, 'w', first!.dueAt);
      expect(second?.status).toBe('claimed');
      expect(await store.unsubscribe('telegram:1')).toBe(true);
      const left = await store.listDeliveries('telegram:1', 10);
      expect(left.map((d) => [d.key, d.status])).toEqual([[first!.key, 'sent']]);
      expect(await store.listDeliveries('telegram:2', 10)).toHaveLength(1);
    });

    it('markInactive records an unknown conversation as unreachable; markActive does not create rows', async () => {
      const { store } = h();
      await store.markInactive('telegram:7', 'blocked');
      expect(await store.isActive('telegram:7')).toBe(false);
      expect(await store.getSettings('telegram:7')).toMatchObject({
        active: false,
        inactiveReason: 'blocked',
        subscribed: false,
        lang: undefined,
      });
      await store.markActive('telegram:7');
      expect(await store.isActive('telegram:7')).toBe(true);
      expect((await store.getSettings('telegram:7'))?.inactiveReason).toBeUndefined();
      await store.markActive('telegram:8');
      expect(await store.getSettings('telegram:8')).toBeUndefined();
    });

    it('an inactive subscriber is not listed, and subscribing again reactivates it', async () => {
      const { store } = h();
      await store.subscribe('telegram:1');
      await store.setLanguage('telegram:1', 'en');
      await store.markInactive('telegram:1', 'blocked');
      expect(await store.listSubscribers(undefined, 10)).toEqual([]);
      expect((await store.getSettings('telegram:1'))?.subscribed).toBe(true);
      expect(await store.subscribe('telegram:1')).toBe(true);
      expect(await store.getSettings('telegram:1')).toMatchObject({
        active: true,
        subscribed: true,
        lang: 'en',
      });
      expect((await store.listSubscribers(undefined, 10)).map((s) => s.conversation)).toEqual(['telegram:1']);
    });

    it('the checklist holds done items, sorted, once each; undoing removes them', async () => {
      const { store } = h();
      await store.setChecklistItem('telegram:1', 'instagram', true);
      await store.setChecklistItem('telegram:1', 'facebook', true);
      await store.setChecklistItem('telegram:1', 'facebook_2', true);
      await store.setChecklistItem('telegram:1', 'facebook', true);
      expect((await store.getSettings('telegram:1'))?.checklist).toEqual([
        'facebook',
        'facebook_2',
        'instagram',
      ]);
      await store.setChecklistItem('telegram:1', 'facebook', false);
      expect((await store.getSettings('telegram:1'))?.checklist).toEqual(['facebook_2', 'instagram']);
      expect((await store.getSettings('telegram:1'))?.subscribed).toBe(false);
    });

    it('listSubscribers pages through active subscribers in id order, each once, with their checklist', async () => {
      const { store } = h();
      const ids = Array.from({ length: 23 }, (_, i) => `telegram:${i}`).concat([
        'matrix:!b:x.org',
        'matrix:!a:x.org',
        'telegram:10a',
      ]);
      for (const id of ids) await store.subscribe(id);
      await store.setChecklistItem('telegram:5', 'instagram', true);
      await store.setChecklistItem('telegram:6', 'instagram', true); // then unsubscribed: not listed
      await store.unsubscribe('telegram:6');
      await store.markInactive('telegram:7', 'kicked');
      await store.setLanguage('telegram:99', 'en'); // never subscribed
      const seen: string[] = [];
      let after: string | undefined;
      for (let page = 0; page < 10; page++) {
        const batch = await store.listSubscribers(after, 10);
        expect(batch.length).toBeLessThanOrEqual(10);
        if (batch.length === 0) break;
        seen.push(...batch.map((s) => s.conversation));
        for (const s of batch) expect(s).toMatchObject({ subscribed: true, active: true });
        if (batch.some((s) => s.conversation === 'telegram:5')) {
          expect(batch.find((s) => s.conversation === 'telegram:5')?.checklist).toEqual(['instagram']);
        }
        after = batch.at(-1)!.conversation;
      }
      const expected = ids.filter((id) => id !== 'telegram:6' && id !== 'telegram:7');
      expect(seen).toEqual([...expected].sort()); // ASCII ids: code-unit order is byte order
    });

    it('keeps what it stored across a restart', async () => {
      await h().store.setLanguage('telegram:1', 'en');
      await h().store.subscribe('telegram:1');
      await h().store.enqueue([delivery('k', 'telegram:1', 0)]);
      const store = await h().reopen();
      expect(await store.getSettings('telegram:1')).toMatchObject({ lang: 'en', subscribed: true });
      expect((await store.listDeliveries('telegram:1', 5)).map((d) => d.key)).toEqual(['k']);
    });

    it('keeps a language hint only with an existing row (migration 2), and returns it with the choice', async () => {
      await h().store.setLanguageHint('telegram:1', 'en');
      expect(await h().store.getLanguagePreference('telegram:1')).toBeUndefined();
      expect(total(await h().rowsMentioning('telegram:1'))).toBe(0);
      const { store } = h(); // (the SQLite harness reopens the file to count rows)
      await store.subscribe('telegram:1');
      expect(await store.getLanguagePreference('telegram:1')).toEqual({ lang: undefined, hint: undefined });
      await store.setLanguageHint('telegram:1', 'en');
      await store.setLanguageHint('telegram:1', 'en');
      expect(await store.getLanguagePreference('telegram:1')).toEqual({ lang: undefined, hint: 'en' });
      expect(await store.getSettings('telegram:1')).toMatchObject({ lang: undefined, langHint: 'en' });
      await store.setLanguage('telegram:1', 'de');
      const store2 = await h().reopen();
      expect(await store2.getLanguagePreference('telegram:1')).toEqual({ lang: 'de', hint: 'en' });
      expect((await store2.listSubscribers(undefined, 5))[0]).toMatchObject({ langHint: 'en' });
    });
  });
}
