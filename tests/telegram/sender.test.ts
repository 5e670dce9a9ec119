import { afterEach, describe, expect, it } from 'vitest';
import { paragraph, text, type Reply } from '../../src/message/model.js';
import { DeliveryError } from '../../src/ports/platform.js';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const short: Reply = {
  blocks: [paragraph(text('Erinnerung: Frist & so'))],
  buttons: [[{ kind: 'action', label: 'Menü', action: 'm' }]],
};
const threeParts: Reply = { blocks: [1, 2, 3].map((i) => paragraph(text(`${i}`.repeat(4000)))), buttons: [] };

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

describe('Telegram message sender (reminders)', () => {
  it('sends a reply to a telegram:<chat> conversation as HTML with its keyboard', async () => {
    h = await startHarness();
    await h.bot.send('telegram:-100555', short, 'd:1');
    const [call] = h.fake.callsTo('sendMessage');
    expect(call!.params).toMatchObject({
      chat_id: -100555,
      text: 'Erinnerung: Frist &amp; so',
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: 'Menü', callback_data: 'm' }]] },
    });
  });

  it('sends nothing to a chat recorded as inactive', async () => {
    h = await startHarness();
    await h.status.markInactive('telegram:5', 'blocked');
    expect((await failure(h.bot.send('telegram:5', short, 'k'))).failure).toBe('blocked');
    expect(h.fake.callsTo('sendMessage')).toHaveLength(0);
  });

  it('reports a 403 as blocked and leaves recording it to the scheduler', async () => {
    h = await startHarness();
    h.fake.fail('sendMessage', { status: 403, description: 'Forbidden: bot was blocked by the user' });
    expect((await failure(h.bot.send('telegram:6', short, 'k'))).failure).toBe('blocked');
    expect(await h.status.isActive('telegram:6')).toBe(true);
  });

  it('reports a chat that no longer exists as blocked', async () => {
    h = await startHarness();
    h.fake.fail('sendMessage', { status: 400, description: 'Bad Request: chat not found' });
    expect((await failure(h.bot.send('telegram:10', short, 'k'))).failure).toBe('blocked');
  });

  it('moves a group that became a supergroup to its new id and sends there', async () => {
    const moves: string[][] = [];
    h = await startHarness({
      moveConversation: (from, to) => {
        moves.push([from, to]);
        return Promise.resolve();
      },
    });
    h.fake.fail('sendMessage', {
      status: 400,
      description: 'Bad Request: group chat was upgraded to a supergroup chat',
      migrateTo: -1009911,
    });
    await h.bot.send('telegram:-11', short, 'k');
    expect(moves).toEqual([['telegram:-11', 'telegram:-1009911']]);
    const calls = h.fake.callsTo('sendMessage');
    expect(calls.map((c) => c.params.chat_id)).toEqual([-11, -1009911]);
  });

  it('without a way to move it, a supergroup upgrade is reported as blocked', async () => {
    h = await startHarness();
    h.fake.fail('sendMessage', {
      status: 400,
      description: 'Bad Request: group chat was upgraded to a supergroup chat',
      migrateTo: -1009912,
    });
    expect((await failure(h.bot.send('telegram:-12', short, 'k'))).failure).toBe('blocked');
  });

  it('reports a long 429 as rate_limited with the wait, instead of waiting itself', async () => {
    h = await startHarness();
    h.fake.fail('sendMessage', { status: 429, retryAfter: 30 });
    const err = await failure(h.bot.send('telegram:7', short, 'k'));
    expect(err.failure).toBe('rate_limited');
    expect(err.retryAfterMs).toBe(30_000);
  });

  it('reports persistent 500s as transient and a refused message as permanent', async () => {
    h = await startHarness();
    h.fake.fail('sendMessage', { status: 500 }, 10);
    expect((await failure(h.bot.send('telegram:8', short, 'a'))).failure).toBe('transient');
    h.fake.clearFaults();
    h.fake.fail('sendMessage', { status: 400, description: "Bad Request: can't parse entities" });
    expect((await failure(h.bot.send('telegram:8', short, 'b'))).failure).toBe('permanent');
  });

  it('refuses a conversation that is not a Telegram chat, and sending before start', async () => {
    h = await startHarness({ start: false });
    expect((await failure(h.bot.send('telegram:8', short, 'k'))).failure).toBe('transient');
    await h.bot.start();
    expect((await failure(h.bot.send('matrix:!room:example.org', short, 'k'))).failure).toBe('permanent');
  });

  it('resumes a reply that failed half-way without sending its first parts again', async () => {
    h = await startHarness();
    let sent = 0;
    h.fake.onCall = (call) => {
      if (call.method === 'sendMessage' && ++sent === 2) h!.fake.fail('sendMessage', { status: 502 }, 3);
    };
    expect((await failure(h.bot.send('telegram:9', threeParts, 'd:resume'))).failure).toBe('transient');
    h.fake.onCall = undefined;
    await h.bot.send('telegram:9', threeParts, 'd:resume');
    const texts = h.fake.callsTo('sendMessage').map((c) => String(c.params.text)[0]);
    // Part 1 once; part 2 failed (first try plus two retries), then went through; part 3 once.
    expect(texts).toEqual(['1', '2', '2', '2', '2', '3']);
  });
});
