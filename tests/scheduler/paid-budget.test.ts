/**
 * The arithmetic of a paid wave, the monthly Stars budget kept in the store (it holds across a restart or a
 * takeover, and is never exceeded with sends reserved in flight), the paid tier of the rate limiter, the
 * configuration, and the /broadcast preview that states time and cost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { registerAdmin } from '../../src/features/admin.js';
import { silentLogger } from '../../src/logger.js';
import { estimateWave, PaidBudget } from '../../src/scheduler/paid-budget.js';
import { RateLimiter } from '../../src/scheduler/rate-limiter.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { makeEngine, plain } from '../helpers/engine.js';
import { VirtualTime } from '../helpers/virtual-time.js';

const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function openStore(clock: VirtualTime, dir = mkdtempSync(join(tmpdir(), 'paid-'))): SqliteStore {
  if (!dirs.includes(dir)) dirs.push(dir);
  const store = new SqliteStore(join(dir, 'bot.sqlite'), { clock });
  stores.push(store);
  return store;
}

describe('the arithmetic of a wave', () => {
  it('100,000 recipients: 56 minutes free, 100 seconds and 10,000 Stars paid', () => {
    const e = estimateWave(100_000, 30, { perSecond: 1000, starsLeft: 20_000 });
    expect(Math.round(e.freeSeconds / 60)).toBe(56);
    expect(e.seconds).toBe(100);
    expect(e.stars).toBe(10_000);
    expect(e).toMatchObject({ paidMessages: 100_000, freeMessages: 0, overBudget: false });
  });

  it('over the budget: paid up to it, the rest at the free rate', () => {
    const e = estimateWave(100_000, 30, { perSecond: 1000, starsLeft: 2_500.05 });
    expect(e).toMatchObject({ paidMessages: 25_000, freeMessages: 75_000, stars: 2_500, overBudget: true });
    expect(e.seconds).toBeCloseTo(25 + 75_000 / 30);
  });
});

describe('the monthly Stars budget', () => {
  it('is never exceeded, and what was reserved holds across a restart (another process)', async () => {
    const clock = new VirtualTime('2026-12-10T12:00:00Z');
    const dir = mkdtempSync(join(tmpdir(), 'paid-'));
    const store = openStore(clock, dir);
    const rate = { perSecond: 1000, maxStars: 2.5 }; // 25 messages
    const first = new PaidBudget('telegram', rate, store, clock, silentLogger);
    const taken = await Promise.all(Array.from({ length: 40 }, () => first.take()));
    expect(taken.filter(Boolean)).toHaveLength(25);
    expect(await first.spent()).toBe(25);
    // Two did not go out (Telegram answered no): usable again, by this process only.
    first.refund(2);
    expect(await first.take()).toBe(true);
    // A crash (its reservations are not handed back): the next process starts from the store's count.
    await stores.pop()!.close();
    const second = new PaidBudget('telegram', rate, openStore(clock, dir), clock, silentLogger);
    expect(await second.starsLeft()).toBe(0);
    expect(await second.take()).toBe(false);
    // A new month starts afresh.
    clock.set('2027-01-01T00:00:01Z');
    expect(await second.take()).toBe(true);
    expect(await second.spent()).toBeGreaterThan(0);
  });

  it('hands back what it reserved but did not use on a clean stop', async () => {
    const clock = new VirtualTime('2026-12-10T12:00:00Z');
    const store = openStore(clock);
    const budget = new PaidBudget('telegram', { perSecond: 1000, maxStars: 100 }, store, clock, silentLogger);
    expect(await budget.take()).toBe(true);
    expect(await budget.spent()).toBe(100); // a block of 100 reserved before the first send
    await budget.release();
    expect(await budget.spent()).toBe(1);
    expect(await budget.starsLeft()).toBe(99.9);
  });

  it('after Telegram refused a paid send for want of Stars, sends free for a while, then tries paid again', async () => {
    const clock = new VirtualTime('2026-12-10T12:00:00Z');
    const budget = new PaidBudget(
      'telegram',
      { perSecond: 1000, maxStars: 100 },
      openStore(clock),
      clock,
      silentLogger,
    );
    expect(await budget.take()).toBe(true);
    budget.refused('Bad Request: not enough Stars');
    expect(budget.outOfStars).toBe(true);
    expect(await budget.take()).toBe(false);
    clock.advance(11 * 60_000);
    expect(await budget.take()).toBe(true);
  });
});

describe('the paid tier of the rate limiter', () => {
  it('paces paid sends at the paid rate and free ones at the free rate, in one window', async () => {
    const vt = new VirtualTime('2026-12-10T12:00:00Z');
    const limiter = new RateLimiter({ perSecond: 5, perChatIntervalMs: 0, paidPerSecond: 100 }, vt, vt.sleep);
    const times: number[] = [];
    const stamp = () => times.push(vt.now().getTime());
    await vt.drive(
      Promise.all(Array.from({ length: 50 }, (_, i) => limiter.acquire(`c${i}`, true).then(stamp))),
    );
    // 50 paid sends in well under a second: no window of 1,000 ms holds more than the paid limit.
    expect(times[49]! - times[0]!).toBeLessThan(1000);
    await vt.drive(Promise.all(Array.from({ length: 8 }, (_, i) => limiter.acquire(`f${i}`).then(stamp))));
    // Every free send has fewer than 5 sends of any kind in the second before it.
    for (let i = 50; i < times.length; i++) {
      const before = times.slice(0, i).filter((t) => t > times[i]! - 1000).length;
      expect(before).toBeLessThan(5);
    }
  });
});

describe('the configuration', () => {
  it('needs a budget for paid broadcasts, and a paid rate of at most 1,000', () => {
    expect(() => loadConfig({ TELEGRAM_PAID_BROADCAST: 'true' })).toThrow(/TELEGRAM_PAID_MAX_STARS/);
    expect(() =>
      loadConfig({
        TELEGRAM_PAID_BROADCAST: 'true',
        TELEGRAM_PAID_MAX_STARS: '100',
        TELEGRAM_PAID_RATE_PER_SECOND: '1001',
      }),
    ).toThrow(/TELEGRAM_PAID_RATE_PER_SECOND: must be at most 1000/);
    expect(() =>
      loadConfig({
        TELEGRAM_PAID_BROADCAST: 'true',
        TELEGRAM_PAID_MAX_STARS: '100',
        TELEGRAM_PAID_RATE_PER_SECOND: '30',
      }),
    ).toThrow(/must be above TELEGRAM_RATE_PER_SECOND/);
    const config = loadConfig({ TELEGRAM_PAID_BROADCAST: 'true', TELEGRAM_PAID_MAX_STARS: '10000' });
    expect(config).toMatchObject({
      TELEGRAM_PAID_BROADCAST: true,
      TELEGRAM_PAID_RATE_PER_SECOND: 1000,
      TELEGRAM_PAID_MAX_STARS: 10_000,
    });
    expect(loadConfig({}).TELEGRAM_PAID_BROADCAST).toBe(false);
  });
});

describe('the /broadcast preview', () => {
  async function preview(estimate: boolean): Promise<string> {
    const { engine, clock } = makeEngine({ now: new Date('2026-12-10T12:00:00Z') });
    const store = openStore(clock);
    for (const id of [1, 2, 3]) await store.subscribe(`telegram:${id}`);
    await store.subscribe('matrix:!room:example.org');
    registerAdmin(engine, {
      store,
      admins: ['telegram:1'],
      nudge: () => undefined,
      reload: () => Promise.resolve({ ok: true, topics: 0, deadlines: 0 }),
      estimateWave: estimate
        ? (n) => Promise.resolve(estimateWave(n, 30, { perSecond: 1000, starsLeft: 0.2 }))
        : undefined,
    });
    const [reply] = await engine.handle({
      conversation: 'telegram:1',
      user: 'telegram:1',
      text: '/broadcast Neue Frist',
    });
    return plain(reply!);
  }

  it('states time free, time and Stars paid, and what the budget leaves to the free rate', async () => {
    const text = await preview(true);
    expect(text).toContain('Vorschau der Mitteilung an 4 Abonnenten');
    expect(text).toContain('Telegram (3 Empfänger): zur freien Rate etwa 1 Sekunde');
    expect(text).toContain('für 0,2 Stars (vom Budget dieses Monats übrig: 0,2 Stars)');
    expect(text).toContain('Das Budget reicht für 2 Nachrichten; die übrigen 1 gehen danach zur freien Rate');
  });

  it('says nothing of paying without paid broadcasts', async () => {
    const text = await preview(false);
    expect(text).toContain('Vorschau der Mitteilung an 4 Abonnenten');
    expect(text).not.toContain('Stars');
  });
});
