/** Contract: the delivery outbox (enqueue, claim with leases, outcomes, cancel, listing, next due). */
import { describe, expect, it } from 'vitest';
import { MINUTE, at, delivery, type StoreHarness } from './harness.js';

const claim = (
  h: () => StoreHarness,
  nowMs: number,
  owner = 'w1',
  limit = 100,
  leaseMs = MINUTE,
  platform?: string,
) => h().store.claimDue({ now: at(nowMs), owner, leaseMs, limit, ...(platform ? { platform } : {}) });

export function deliveryContract(h: () => StoreHarness): void {
  describe('deliveries', () => {
    it('enqueue stores every field, ignores keys it already has, and counts only new rows', async () => {
      const { store } = h();
      const full = delivery('d:dl-1:7:telegram:1', 'telegram:1', 0, {
        offsetDays: 7,
        notAfter: at(MINUTE),
        payload: '{"x":1}',
        kind: 'broadcast',
        ref: 'b1',
      });
      expect(
        await store.enqueue([full, delivery('p:1', 'telegram:1', 5), delivery('p:1', 'telegram:1', 9)]),
      ).toBe(2);
      expect(await store.enqueue([full, delivery('p:2', 'telegram:1', 5)])).toBe(1);
      expect(await store.enqueue([])).toBe(0);
      const [newest, , oldest] = await store.listDeliveries('telegram:1', 10);
      expect(newest?.key).toBe('p:2');
      expect(oldest).toMatchObject({
        key: full.key,
        conversation: 'telegram:1',
        kind: 'broadcast',
        ref: 'b1',
        offsetDays: 7,
        dueAt: full.dueAt,
        notAfter: full.notAfter,
        payload: '{"x":1}',
        status: 'pending',
        attempts: 0,
        leaseOwner: undefined,
        leaseUntil: undefined,
        lastError: undefined,
        sentAt: undefined,
      });
      expect((await store.listDeliveries('telegram:1', 10)).find((d) => d.key === 'p:1')).toMatchObject({
        dueAt: at(5),
        offsetDays: undefined,
        notAfter: undefined,
        payload: undefined,
      });
    });

    it('enqueue takes thousands at once and is atomic: a bad delivery rejects the whole batch', async () => {
      const { store } = h();
      const many = Array.from({ length: 5000 }, (_, i) => delivery(`k${i}`, `telegram:${i % 300}`, i));
      const started = performance.now();
      expect(await store.enqueue(many)).toBe(5000);
      expect(performance.now() - started).toBeLessThan(5000);
      expect(await store.enqueue(many)).toBe(0);
      const bad = [
        delivery('new-1', 'telegram:1', 0),
        { ...delivery('new-2', 'telegram:1', 0), kind: 'nonsense' as 'deadline' },
      ];
      await expect(store.enqueue(bad)).rejects.toThrow();
      await expect(
        store.enqueue([{ ...delivery('new-3', 'telegram:1', 0), dueAt: new Date(NaN) }]),
      ).rejects.toThrow(/invalid dueAt/);
      expect((await store.stats()).deliveries.pending).toBe(5000);
    });

    it('claimDue takes due deliveries oldest first, up to the limit, and marks them claimed with a lease', async () => {
      const { store } = h();
      await store.enqueue([
        delivery('late', 'telegram:1', 30),
        delivery('early', 'telegram:2', 10),
        delivery('future', 'telegram:3', 10 * MINUTE),
        delivery('mid', 'telegram:4', 20),
      ]);
      const got = await claim(h, 100, 'w1', 2, 5000);
      expect(got.map((d) => d.key)).toEqual(['early', 'mid']);
      for (const d of got)
        expect(d).toMatchObject({ status: 'claimed', leaseOwner: 'w1', leaseUntil: at(5100), attempts: 1 });
      expect((await claim(h, 100, 'w2')).map((d) => d.key)).toEqual(['late']);
      expect(await claim(h, 200, 'w3')).toEqual([]);
      expect((await claim(h, 10 * MINUTE, 'w3')).map((d) => d.key)).toEqual([
        'early',
        'mid',
        'late',
        'future',
      ]);
    });

    it('a claim whose lease expired goes to the next claimer, and only the current owner can settle it', async () => {
      const { store } = h();
      await store.enqueue([delivery('k', 'telegram:1', 0)]);
      const [mine] = await claim(h, 0, 'w1', 10, 1000);
      expect(await claim(h, 999, 'w2')).toEqual([]);
      const [theirs] = await claim(h, 1000, 'w2', 10, 1000);
      expect(theirs).toMatchObject({ id: mine!.id, leaseOwner: 'w2', attempts: 2, leaseUntil: at(2000) });
      expect(await store.markSent(mine!.id, 'w1', at(1500))).toBe(false);
      expect(await store.retryLater(mine!.id, 'w1', at(5000), 'x')).toBe(false);
      expect(await store.finish(mine!.id, 'w1', 'failed', 'x', at(1500))).toBe(false);
      expect(await store.markSent(theirs!.id, 'w2', at(1500))).toBe(true);
      expect(await store.markSent(theirs!.id, 'w2', at(1600))).toBe(false);
      const [sent] = await store.listDeliveries('telegram:1', 1);
      expect(sent).toMatchObject({ status: 'sent', sentAt: at(1500), attempts: 2 });
      expect(await claim(h, 10 * MINUTE, 'w3')).toEqual([]);
    });

    it('retryLater puts a claim back as pending at the new time with the error; finish parks it for good', async () => {
      const { store } = h();
      await store.enqueue([
        delivery('r', 'telegram:1', 0),
        delivery('f', 'telegram:1', 1),
        delivery('s', 'telegram:1', 2),
      ]);
      const [r, f, s] = await claim(h, 10, 'w');
      expect(await store.retryLater(r!.id, 'w', at(5000), '500 Internal Server Error')).toBe(true);
      expect(await store.finish(f!.id, 'w', 'failed', 'gave up after 5 attempts', at(20))).toBe(true);
      expect(await store.finish(s!.id, 'w', 'skipped', 'deadline passed', at(20))).toBe(true);
      const byKey = new Map((await store.listDeliveries('telegram:1', 10)).map((d) => [d.key, d]));
      expect(byKey.get('r')).toMatchObject({
        status: 'pending',
        dueAt: at(5000),
        lastError: '500 Internal Server Error',
        leaseOwner: undefined,
        leaseUntil: undefined,
      });
      expect(byKey.get('f')).toMatchObject({
        status: 'failed',
        lastError: 'gave up after 5 attempts',
        sentAt: undefined,
      });
      expect(byKey.get('s')).toMatchObject({ status: 'skipped', lastError: 'deadline passed' });
      expect(await claim(h, 4999, 'w')).toEqual([]);
      expect(await claim(h, 5000, 'w')).toMatchObject([{ key: 'r', attempts: 2 }]);
      expect(await store.markSent(f!.id, 'w', at(30))).toBe(false);
      await expect(store.finish(r!.id, 'w', 'sent' as 'failed', 'x', at(1))).rejects.toThrow(
        /failed or skipped/,
      );
    });

    it('claimDue with a platform takes only that platform’s conversations', async () => {
      const { store } = h();
      await store.enqueue([
        delivery('t', 'telegram:1', 0),
        delivery('m', 'matrix:!r:x.org', 0),
        delivery('t2', 'telegram:2', 5),
      ]);
      expect((await claim(h, 10, 'w', 10, MINUTE, 'matrix')).map((d) => d.key)).toEqual(['m']);
      expect((await claim(h, 10, 'w', 10, MINUTE, 'telegram')).map((d) => d.key)).toEqual(['t', 't2']);
      expect(await claim(h, 10, 'w', 10, MINUTE, 'tele')).toEqual([]);
    });

    it('concurrent claims on one store never return the same delivery', async () => {
      const { store } = h();
      await store.enqueue(Array.from({ length: 300 }, (_, i) => delivery(`c${i}`, `telegram:${i}`, i)));
      const batches = await Promise.all(Array.from({ length: 12 }, (_, i) => claim(h, 1000, `w${i}`, 40)));
      const ids = batches.flat().map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(300);
    });

    it('cancelPending deletes open deliveries matching every given field and keeps history', async () => {
      const { store } = h();
      await store.enqueue([
        delivery('a', 'telegram:1', 0, { ref: 'dl-1' }),
        delivery('b', 'telegram:2', 0, { ref: 'dl-1' }),
        delivery('c', 'telegram:1', 5, { ref: 'dl-2' }),
        delivery('d', 'telegram:1', 5, { ref: 'dl-1', kind: 'personal' }),
      ]);
      const [a] = await claim(h, 0, 'w', 1);
      await store.markSent(a!.id, 'w', at(1));
      await claim(h, 0, 'w', 1); // b is claimed (in flight): still cancellable
      expect(await store.cancelPending({ ref: 'dl-1', kind: 'deadline' })).toBe(1);
      expect(await store.cancelPending({ conversation: 'telegram:1', ref: 'dl-2' })).toBe(1);
      expect(await store.cancelPending({ kind: 'personal' })).toBe(1);
      expect((await store.listDeliveries('telegram:1', 10)).map((d) => d.key)).toEqual(['a']);
      await expect(store.cancelPending({})).rejects.toThrow(/at least one/);
    });

    it('refuses a zero, negative or fractional limit and a non-positive lease instead of guessing', async () => {
      const { store } = h();
      await expect(store.claimDue({ now: at(0), owner: 'w', leaseMs: MINUTE, limit: -1 })).rejects.toThrow(
        RangeError,
      );
      await expect(store.claimDue({ now: at(0), owner: 'w', leaseMs: 0, limit: 5 })).rejects.toThrow(
        /leaseMs/,
      );
      await expect(store.listSubscribers(undefined, 0)).rejects.toThrow(RangeError);
      await expect(store.listDeliveries('telegram:1', 1.5)).rejects.toThrow(RangeError);
    });

    it('listDeliveries returns a conversation’s deliveries newest first, up to the limit', async () => {
      const { store } = h();
      await store.enqueue(
        ['x1', 'x2', 'x3'].map((k) => delivery(k, 'telegram:1', 0)).concat(delivery('y', 'telegram:11', 0)),
      );
      expect((await store.listDeliveries('telegram:1', 2)).map((d) => d.key)).toEqual(['x3', 'x2']);
      expect(await store.listDeliveries('telegram:404', 5)).toEqual([]);
    });

    it('nextDue is the earliest pending time, or when a claim’s lease runs out, whichever is first', async () => {
      const { store } = h();
      expect(await store.nextDue()).toBeUndefined();
      await store.enqueue([
        delivery('a', 'telegram:1', 50 * MINUTE),
        delivery('b', 'telegram:1', 20 * MINUTE),
        delivery('c', 'telegram:1', 0),
      ]);
      expect(await store.nextDue()).toEqual(at(0));
      const [c] = await claim(h, 0, 'w', 1, 30 * MINUTE);
      expect(await store.nextDue()).toEqual(at(20 * MINUTE));
      await claim(h, 20 * MINUTE, 'w', 1, 60 * MINUTE);
      expect(await store.nextDue()).toEqual(at(30 * MINUTE)); // c's lease ends before a is due
      await store.markSent(c!.id, 'w', at(1));
      expect(await store.nextDue()).toEqual(at(50 * MINUTE));
    });
  });
}
