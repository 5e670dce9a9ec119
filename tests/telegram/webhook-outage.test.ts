/**
 * The store goes away while updates arrive (webhook and long polling). The store is ours to break: a
 * preference store and a redelivery record that fail while a switch is "down", and a StoreHealth that
 * reports the same switch. Telegram is the fake Bot API; grammY and the adapter are real.
 * (tests/drills/store-outage.test.ts does the same with a real PostgreSQL behind a proxy that is cut.)
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramBot, SECRET_HEADER, type TelegramBot } from '../../adapters/telegram/index.js';
import { apology } from '../../adapters/telegram/boundary.js';
import { webhookHandler } from '../../adapters/telegram/webhook.js';
import { Engine } from '../../src/engine/engine.js';
import { MemoryConversationStatus } from '../helpers/fakes.js';
import { FlakyPreferences, Outage } from '../helpers/flaky-store.js';
import { lineLogger } from '../helpers/logger.js';
import { waitFor } from '../helpers/wait.js';
import { FakeBotApi } from './support/fake-bot-api.js';
import { testContent } from './support/harness.js';
import { textMessage } from './support/updates.js';

const SECRET = 'outage-secret_1';
const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterSeconds: 1 } as const;

/** A durable-looking redelivery record: fails while the store is down. */
function seenRecord(outage: Outage) {
  const seen = new Set<string>();
  return (id: string): Promise<boolean> => {
    try {
      outage.check('records');
    } catch (err) {
      return Promise.reject(err);
    }
    if (seen.has(id)) return Promise.resolve(false);
    seen.add(id);
    return Promise.resolve(true);
  };
}

let fake: FakeBotApi | undefined;
let bot: TelegramBot | undefined;
let server: Server | undefined;
afterEach(async () => {
  await bot?.stop();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  await fake?.close();
  fake?.assertNoRefusals();
  fake = bot = server = undefined;
});

async function startBot(outage: Outage, mode: 'webhook' | 'polling', logs: string[] = []) {
  fake = await FakeBotApi.start();
  const content = testContent();
  bot = createTelegramBot({
    token: fake.token,
    apiRoot: fake.apiRoot,
    webhook: mode === 'webhook' ? { url: 'https://bot.example.org/hook', secret: SECRET } : undefined,
    engine: new Engine({ content, preferences: new FlakyPreferences(outage) }),
    logger: lineLogger(logs),
    status: new MemoryConversationStatus(),
    seenUpdates: seenRecord(outage),
    storeHealth: outage,
    retry: FAST_RETRY,
    sendRetry: FAST_RETRY,
    pollingTimeoutSeconds: 1,
  });
  await bot.start();
  if (mode === 'webhook') {
    const handler = bot.webhookHandler;
    server = createServer(handler);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  }
  const sorry = apology(content);
  const sent = () => fake!.callsTo('sendMessage');
  return {
    /** Answers (not apologies) per chat id. */
    answers: (chat: number) =>
      sent().filter((c) => c.params.chat_id === chat && c.params.text !== sorry).length,
    apologies: (chat: number) =>
      sent().filter((c) => c.params.chat_id === chat && c.params.text === sorry).length,
  };
}

function post(id: number, chat: number): Promise<number> {
  const body = JSON.stringify({ update_id: id, ...textMessage('/instagram', 'private_start', { id: chat }) });
  const port = (server!.address() as AddressInfo).port;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/hook',
        method: 'POST',
        headers: { 'content-type': 'application/json', [SECRET_HEADER]: SECRET },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the webhook while the store is unreachable', () => {
  it('answers 503 while an update cannot be recorded, and handles the redelivery once after recovery', async () => {
    const outage = new Outage();
    const bot = await startBot(outage, 'webhook');
    expect(await post(1, 11)).toBe(200);
    expect(bot.answers(11)).toBe(1);

    outage.up = false;
    expect(await post(2, 12)).toBe(503);
    expect(await post(2, 12)).toBe(503); // Telegram tries again while the store is still down
    expect(bot.answers(12) + bot.apologies(12)).toBe(0);

    outage.up = true;
    expect(await post(2, 12)).toBe(200);
    expect(await post(2, 12)).toBe(200); // a later redelivery (our 200 lost) is not answered again
    expect(bot.answers(12)).toBe(1);
    expect(bot.answers(11)).toBe(1);
  });

  it('answers 503 when the store goes away during the turn, apologises once per chat per outage, and answers the redeliveries once', async () => {
    const outage = new Outage();
    const bot = await startBot(outage, 'webhook');
    // The update is recorded, then the store goes away before the turn reads the chat's language.
    outage.turns = false;
    outage.outages += 1;
    expect(await post(20, 21)).toBe(503);
    expect(await post(21, 21)).toBe(503);
    expect(await post(22, 22)).toBe(503);
    expect(bot.apologies(21)).toBe(1); // two failed updates in this chat, one apology
    expect(bot.apologies(22)).toBe(1);
    expect(bot.answers(21) + bot.answers(22)).toBe(0);

    outage.turns = true;
    // The record says "seen" (it was written before the turn failed); the redeliveries are still handled.
    for (const [id, chat] of [
      [20, 21],
      [21, 21],
      [22, 22],
    ] as const)
      expect(await post(id, chat)).toBe(200);
    expect(bot.answers(21)).toBe(2);
    expect(bot.answers(22)).toBe(1);
    expect(await post(20, 21)).toBe(200);
    expect(bot.answers(21)).toBe(2);

    // A new outage: a new apology.
    outage.turns = false;
    outage.outages += 1;
    expect(await post(23, 21)).toBe(503);
    expect(bot.apologies(21)).toBe(2);
  });

  it('still handles an update whose record failed while the store answers (better twice than never)', async () => {
    const outage = new Outage();
    const bot = await startBot(outage, 'webhook');
    outage.records = false; // the record fails, but a ping says the store is fine: not an outage
    outage.reachable = () => Promise.resolve(true);
    expect(await post(30, 31)).toBe(200);
    expect(bot.answers(31)).toBe(1);
  });
});

describe('long polling while the store is unreachable', () => {
  it('stops fetching once an update failed, holds the offset at it, and handles each update once after recovery', async () => {
    const outage = new Outage();
    const bot = await startBot(outage, 'polling');
    const first = fake!.push(textMessage('/instagram', 'private_start', { id: 41 }));
    await waitFor(() => bot.answers(41) === 1, 'the first answer');

    outage.up = false;
    const during = [42, 43, 44].map((chat) =>
      fake!.push(textMessage('/instagram', 'private_start', { id: chat })),
    );
    await waitFor(() => [42, 43, 44].every((c) => bot.apologies(c) === 1), 'an apology in each chat');
    // Sent after the failures: no getUpdates goes out while the store is down, so it stays with Telegram and
    // is never tried (and never apologised for) during the outage. The pause gives a poller that went on
    // fetching the time to show it.
    fake!.push(textMessage('/instagram', 'private_start', { id: 46 }));
    await new Promise((r) => setTimeout(r, 300));
    expect(bot.apologies(46)).toBe(0);
    const asked = fake!.callsTo('getUpdates').map((c) => Number(c.params.offset ?? 0));
    expect(Math.max(...asked)).toBeGreaterThan(first);

    outage.up = true;
    await waitFor(() => [42, 43, 44, 46].every((c) => bot.answers(c) === 1), 'each deferred update answered');
    fake!.push(textMessage('/instagram', 'private_start', { id: 45 }));
    await waitFor(() => bot.answers(45) === 1, 'a later update answered');
    for (const chat of [41, 42, 43, 44, 45, 46]) expect(bot.answers(chat), `chat ${chat}`).toBe(1);
    for (const chat of [42, 43, 44]) expect(bot.apologies(chat)).toBe(1);
    expect(during).toHaveLength(3);
  });
});

describe('long polling when the store goes away during a turn already confirmed', () => {
  it('handles the update again from memory once the store is back, once', async () => {
    const outage = new Outage();
    // A turn in flight does not hold the offset: the update is confirmed while its turn still runs.
    const bot = await startBot(outage, 'polling');
    outage.turns = false;
    outage.outages += 1;
    const id = fake!.push(textMessage('/instagram', 'private_start', { id: 51 }));
    await waitFor(() => bot.apologies(51) === 1, 'the apology');
    // A later update makes the runner confirm past the failed one.
    outage.turns = true;
    fake!.push(textMessage('/instagram', 'private_start', { id: 52 }));
    await waitFor(() => bot.answers(52) === 1 && bot.answers(51) === 1, 'both answered');
    fake!.push(textMessage('/instagram', 'private_start', { id: 53 }));
    await waitFor(() => bot.answers(53) === 1, 'a barrier');
    expect(bot.answers(51)).toBe(1);
    expect(bot.answers(52)).toBe(1);
    expect(Math.max(...fake!.callsTo('getUpdates').map((c) => Number(c.params.offset ?? 0)))).toBeGreaterThan(
      id,
    );
  });
});

describe('refused webhook requests', () => {
  it('are counted, and logged at most once a minute with the number refused', async () => {
    const logs: string[] = [];
    const events: string[] = [];
    let now = 0;
    const handler = webhookHandler({
      secret: SECRET,
      maxBodyBytes: 4096,
      seen: () => Promise.resolve(true),
      handle: () => Promise.resolve(true),
      accepting: () => true,
      onEvent: (e) => events.push(e),
      logger: lineLogger(logs),
      now: () => now,
    });
    server = createServer(handler);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const forged = () =>
      fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        headers: { [SECRET_HEADER]: 'forged' },
        body: '{}',
      }).then((r) => r.status);
    for (let i = 0; i < 5; i++) expect(await forged()).toBe(401);
    now = 30_000;
    expect(await forged()).toBe(401);
    now = 61_000;
    expect(await forged()).toBe(401);
    expect(events).toEqual(Array(7).fill('refused'));
    const lines = logs
      .filter((l) => l.includes('webhook requests refused'))
      .map((l) => JSON.parse(l) as object);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ refused: 1, secret: 'wrong' });
    expect(lines[1]).toMatchObject({ refused: 6 });
  });
});
