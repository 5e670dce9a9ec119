import { describe, expect, it } from 'vitest';
import { backoff } from '../../src/util/backoff.js';
import { BoundedMap } from '../../src/util/bounded-map.js';
import { sleep } from '../../src/util/sleep.js';
import { idHasher } from '../../src/logger.js';

describe('backoff', () => {
  it('doubles from the base and stops at the cap', () => {
    const steps = [0, 1, 2, 3, 10].map((n) => backoff(n, { baseMs: 100, maxMs: 1000 }));
    expect(steps).toEqual([100, 200, 400, 800, 1000]);
  });

  it('with jitter, waits between the floor and the step', () => {
    const at = (r: number, jitter: 'half' | number) =>
      backoff(2, { baseMs: 100, maxMs: 1000, jitter, random: () => r });
    expect([at(0, 'half'), at(1, 'half')]).toEqual([200, 400]);
    expect([at(0, 50), at(1, 50)]).toEqual([50, 400]);
  });
});

describe('BoundedMap', () => {
  it('forgets the least recently used entry beyond its size', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    expect(m.get('a')).toBe(1); // a is now the most recent
    m.set('c', 3);
    expect([m.has('a'), m.has('b'), m.has('c'), m.size]).toEqual([true, false, true, 2]);
  });
});

describe('sleep', () => {
  it('ends early, without an error, when its signal aborts', async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBeUndefined();
  });
});

describe('idHasher', () => {
  it('hashes alike with the same secret and differently with another', () => {
    expect(idHasher('s1')('chat:1')).toBe(idHasher('s1')('chat:1'));
    expect(idHasher('s1')('chat:1')).not.toBe(idHasher('s2')('chat:1'));
    expect(idHasher('s1')('chat:1')).toMatch(/^[\w-]{12}$/);
  });
});
