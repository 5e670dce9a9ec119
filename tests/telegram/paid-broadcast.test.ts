/**
 * Paid broadcasts end to end: the outbox, the scheduler and the real Telegram adapter on grammY, against the
 * fake Bot API enforcing Telegram's broadcast limits (a small free rate, a larger paid one, a Stars balance).
 * A wave goes out paid without a 429; past the budget it goes on free; when the Stars are gone Telegram
 * refuses and the rest goes free, nobody dropped and nobody twice; a reply to a user is never paid.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { paragraph, text, type Reply } from '../../src/message/model.js';
import { systemClock } from '../../src/ports/capabilities.js';
import { composeDelivery } from '../../src/engine/reminder-message.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { daytimeZone } from '../drills/support.js';
import { lineLogger } from '../helpers/logger.js';
import type { BroadcastLimits } from './support/bot-api-rules.js';
import type { RecordedCall } from './support/fake-bot-api.js';
import { startHarness, testContent, type Harness } from './support/harness.js';
import { textMessage } from './support/updates.js';

const FREE = 5;
const PAID = 50;

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

interface Wave {
  readonly h: Harness;
  readonly store: SqliteStore;
  readonly logs: string[];
}

/** `n` subscribed chats with a broadcast due now, sent by a scheduler with paid sending and `maxStars`. */
async function wave(n: number, maxStars: number, limits: BroadcastLimits): Promise<Wave> {
  const dir = mkdtempSync(join(tmpdir(), 'paid-'));
  const store = new SqliteStore(join(dir, 'bot.sqlite'));
  const zone = daytimeZone();
  for (let i = 1; i <= n; i++) {
    await store.subscribe(`telegram:${i}`);
    await store.setTimezone(`telegram:${i}`, zone);
  }
  await store.enqueue(
    Array.from({ length: n }, (_, i) => ({
      key: `b:paid:${i + 1}`,
      conversation: `telegram:${i + 1}`,
      kind: 'broadcast' as const,
      ref: 'paid',
      dueAt: new Date(),
      payload: 'Neue Frist',
    })),
  );
  // As src/app.ts: the sender itself does not retry, the scheduler does.
  const h = await startHarness({ fake: { limits }, sendRetry: { maxRetries: 0 } });
  const logs: string[] = [];
  const scheduler = new Scheduler({
    store,
    content: testContent,
    reminderText: composeDelivery,
    senders: new Map([['telegram', h.bot]]),
    limits: { telegram: { perSecond: FREE, perChatIntervalMs: 1000 } },
    paid: { platform: 'telegram', perSecond: PAID, maxStars },
    clock: systemClock,
    logger: lineLogger(logs),
  });
  cleanup = async () => {
    await scheduler.stop();
    await h.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  await scheduler.announceWave('telegram', n, 'test');
  scheduler.start();
  await h.fake.waitFor((calls) => accepted(calls).length >= n, 30_000);
  await scheduler.stop();
  return { h, store, logs };
}

const accepted = (calls: readonly RecordedCall[]) =>
  calls.filter((c) => c.method === 'sendMessage' && !c.limited && !c.refused);
const paidCalls = (calls: readonly RecordedCall[]) =>
  accepted(calls).filter((c) => c.params.allow_paid_broadcast === true);
const tooMany = (h: Harness) => h.fake.limited.filter((c) => /Too Many Requests/.test(c.limited ?? ''));

/** Every chat 1..n got exactly one message. */
function everyoneOnce(calls: readonly RecordedCall[], n: number): void {
  const chats = accepted(calls).map((c) => Number(c.params.chat_id));
  expect(chats).toHaveLength(n);
  expect(new Set(chats).size).toBe(n);
}

describe('paid broadcasts against the fake Bot API with its limits', () => {
  it('the fake enforces both rates and the Stars balance', async () => {
    const h = await startHarness({
      fake: { limits: { freePerSecond: 2, paidPerSecond: 4, starTenths: 1 } },
      sendRetry: { maxRetries: 0 },
    });
    cleanup = () => h.stop();
    const api = h.bot;
    const reply: Reply = { blocks: [paragraph(text('Neue Frist'))], buttons: [] };
    await api.send('telegram:1', reply, 'a');
    await api.send('telegram:2', reply, 'b');
    // A third free message in the same second: 429 with retry_after.
    await expect(api.send('telegram:3', reply, 'c')).rejects.toMatchObject({
      failure: 'rate_limited',
      retryAfterMs: 1000,
    });
    // Paid: up to the paid rate, one tenth of a Star each, then refused for want of Stars.
    await api.send('telegram:4', reply, 'd', { paid: () => true });
    await expect(api.send('telegram:5', reply, 'e', { paid: () => true })).rejects.toMatchObject({
      failure: 'paid_refused',
    });
    expect(paidCalls(h.fake.calls)).toHaveLength(1);
    expect(h.fake.limited.map((c) => c.limited)).toEqual([
      'Too Many Requests: retry after 1',
      expect.stringMatching(/Stars/),
    ]);
  });

  it('sends a wave paid at the paid rate, without a 429, each chat once', async () => {
    const n = 40;
    const { h, logs } = await wave(n, 1000, { freePerSecond: FREE, paidPerSecond: PAID });
    everyoneOnce(h.fake.calls, n);
    expect(paidCalls(h.fake.calls)).toHaveLength(n);
    expect(tooMany(h)).toEqual([]);
    expect(logs.join('\n')).toContain('wave: paid broadcast within the budget');
  });

  it('past the budget goes on at the free rate, saying so, and spends no more than the budget', async () => {
    const n = 16;
    const { h, store, logs } = await wave(n, 1, { freePerSecond: FREE, paidPerSecond: PAID });
    everyoneOnce(h.fake.calls, n);
    expect(paidCalls(h.fake.calls)).toHaveLength(10); // 1 Star = 10 messages
    expect(tooMany(h)).toEqual([]);
    const month = new Date().toISOString().slice(0, 7);
    expect(await store.getEphemeral(`paid:telegram:${month}`, new Date())).toBe('10');
    const logged = logs.join('\n');
    expect(logged).toContain('wave: paid up to the budget, the rest at the free rate');
    expect(logged).toContain('paid broadcast budget reached');
  });

  it('when the Stars run out, the rest goes out free: nobody dropped, nobody twice', async () => {
    const n = 14;
    const { h, logs } = await wave(n, 1000, {
      freePerSecond: FREE,
      paidPerSecond: PAID,
      starTenths: 5,
    });
    everyoneOnce(h.fake.calls, n);
    expect(paidCalls(h.fake.calls)).toHaveLength(5);
    expect(h.fake.limited.length).toBeGreaterThan(0);
    expect(tooMany(h)).toEqual([]);
    expect(logs.join('\n')).toContain('paid broadcast refused');
  });

  it('never pays for a reply to a user’s own message', async () => {
    const { h } = await wave(3, 1000, { freePerSecond: FREE, paidPerSecond: PAID });
    expect(paidCalls(h.fake.calls)).toHaveLength(3);
    h.fake.push(textMessage('/start', 'private_start', { id: 77 }));
    await h.fake.waitFor((calls) => accepted(calls).some((c) => c.params.chat_id === 77));
    const toUser = accepted(h.fake.calls).filter((c) => c.params.chat_id === 77);
    expect(toUser.length).toBeGreaterThan(0);
    for (const c of toUser) expect(c.params).not.toHaveProperty('allow_paid_broadcast');
  });
});
