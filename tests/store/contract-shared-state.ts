/** Contract: state shared by all processes (ephemeral entries), moving a conversation, handing claims back. */
import { describe, expect, it } from 'vitest';
import { MINUTE, at, delivery, total, type StoreHarness } from './harness.js';

export function sharedStateContract(h: () => StoreHarness): void {
  describe('ephemeral entries', () => {
    it('are read until they expire, overwritten by key, taken once and pruned', async () => {
      const { store } = h();
      await store.putEphemeral('choices:matrix:!a', 'v1', at(MINUTE), 'matrix:!a');
      expect(await store.getEphemeral('choices:matrix:!a', at(0))).toBe('v1');
      await store.putEphemeral('choices:matrix:!a', 'v2', at(MINUTE), 'matrix:!a');
      expect(await store.getEphemeral('choices:matrix:!a', at(0))).toBe('v2');
      expect(await store.getEphemeral('choices:matrix:!a', at(MINUTE))).toBeUndefined();
      expect(await store.getEphemeral('missing', at(0))).toBeUndefined();

      await store.putEphemeral('preview:x', 'text', at(MINUTE));
      expect(await store.takeEphemeral('preview:x', at(0))).toBe('text');
      expect(await store.takeEphemeral('preview:x', at(0))).toBeUndefined();
      await store.putEphemeral('preview:y', 'late', at(MINUTE));
      expect(await store.takeEphemeral('preview:y', at(2 * MINUTE))).toBeUndefined();

      await store.putEphemeral('old', 'x', at(MINUTE));
      await store.putEphemeral('new', 'x', at(10 * MINUTE));
      expect(await store.pruneEphemeral(at(2 * MINUTE))).toBe(2); // "old" and the expired choices
      expect(await store.getEphemeral('new', at(2 * MINUTE))).toBe('x');
    });

    it('are deleted with the conversation they belong to', async () => {
      const { store } = h();
      await store.putEphemeral('choices:matrix:!gone', '[]', at(MINUTE), 'matrix:!gone');
      expect(await store.forgetConversation('matrix:!gone')).toBe(1);
      expect(total(await h().rowsMentioning('matrix:!gone'))).toBe(0);
    });
  });

  describe('moving a conversation (group → supergroup)', () => {
    it('moves language, time zone, subscription, checklist and deliveries, rewriting their keys', async () => {
      const { store } = h();
      const from = 'telegram:-42';
      const to = 'telegram:-10042';
      await store.subscribe(from);
      await store.setLanguage(from, 'en');
      await store.setTimezone(from, 'Europe/Vienna');
      await store.setChecklistItem(from, 'instagram', true);
      await store.enqueue([
        delivery(`d:dl-1:1:7:${from}`, from, MINUTE),
        delivery('other-key', from, MINUTE),
      ]);
      expect(await store.moveConversation(from, to, at(0))).toBe(true);

      expect(await store.getSettings(from)).toBeUndefined();
      expect(await store.getSettings(to)).toMatchObject({
        lang: 'en',
        timezone: 'Europe/Vienna',
        subscribed: true,
        active: true,
        checklist: ['instagram'],
      });
      const moved = await store.listDeliveries(to, 10);
      expect(moved.map((d) => d.key).sort()).toEqual([`d:dl-1:1:7:${to}`, 'other-key']);
      expect(total(await h().rowsMentioning(from))).toBe(0);
      // Planning for the new id again adds nothing twice.
      expect(await h().store.enqueue([delivery(`d:dl-1:1:7:${to}`, to, MINUTE)])).toBe(0);
      // Again (the migrate message arrives in both chats): nothing left to move.
      expect(await h().store.moveConversation(from, to, at(0))).toBe(false);
    });

    it('merges into a conversation that already has a row: its own choices win', async () => {
      const { store } = h();
      const from = 'telegram:-5';
      const to = 'telegram:-1009';
      await store.subscribe(from);
      await store.setLanguage(from, 'en');
      await store.setTimezone(from, 'Europe/Vienna');
      await store.setChecklistItem(from, 'instagram', true);
      await store.setLanguage(to, 'de');
      await store.setChecklistItem(to, 'facebook', true);
      await store.enqueue([delivery(`n:dl-1:${from}`, from, 0), delivery(`n:dl-1:${to}`, to, 0)]);
      expect(await store.moveConversation(from, to, at(0))).toBe(true);
      expect(await store.getSettings(to)).toMatchObject({
        lang: 'de',
        timezone: 'Europe/Vienna',
        subscribed: true,
        checklist: ['facebook', 'instagram'],
      });
      expect((await store.listDeliveries(to, 10)).map((d) => d.key)).toEqual([`n:dl-1:${to}`]);
      expect(total(await h().rowsMentioning(from))).toBe(0);
    });
  });

  describe('handing claims back', () => {
    it('releases the claims of every other owner at once, not its own', async () => {
      const { store } = h();
      await store.enqueue([delivery('a', 'telegram:1', 0), delivery('b', 'telegram:2', 0)]);
      await store.claimDue({ now: at(0), owner: 'dead', leaseMs: MINUTE, limit: 1 });
      await store.claimDue({ now: at(0), owner: 'me', leaseMs: MINUTE, limit: 1 });
      expect(await store.releaseClaims('me')).toBe(1);
      const again = await store.claimDue({ now: at(1), owner: 'me', leaseMs: MINUTE, limit: 10 });
      expect(again.map((d) => d.key)).toEqual(['a']);
      expect((await store.stats()).deliveries.claimed).toBe(2);
    });
  });
}
