import { afterEach, describe, expect, it, vi } from 'vitest';
import { apology } from '../../adapters/telegram/boundary.js';
import { realContent } from '../helpers/content.js';
import { messagesTo, startHarness, type Harness } from './support/harness.js';
import { fixture, textMessage } from './support/updates.js';

const ANNA = 123456789;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('Telegram bot when the Bot API fails', () => {
  it('waits retry_after on 429 and then sends the answer once', async () => {
    h = await startHarness({ retry: { baseDelayMs: 5, maxRetryAfterSeconds: 5 } });
    h.fake.fail('sendMessage', { status: 429, retryAfter: 1 });
    h.fake.push(fixture('private_start'));
    const [first, second] = await h.fake.waitForCalls('sendMessage', 2);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(second!.params).toEqual(first!.params);
    expect(h.logs.some((l) => l.includes('"reason":"429"'))).toBe(true);
  });

  it('retries 500s with backoff until the answer goes through', async () => {
    h = await startHarness();
    h.fake.fail('sendMessage', { status: 500, description: 'Internal Server Error' }, 2);
    h.fake.push(fixture('private_start'));
    const calls = await h.fake.waitForCalls('sendMessage', 3);
    expect(calls).toHaveLength(3);
  });

  it('retries after a dropped connection', async () => {
    h = await startHarness();
    h.fake.fail('sendMessage', { drop: true });
    h.fake.push(fixture('private_start'));
    const calls = await h.fake.waitForCalls('sendMessage', 2);
    expect(calls[1]!.params).toEqual(calls[0]!.params);
    expect(h.logs.join('\n')).not.toContain(h.fake.token);
  });

  it('keeps polling after getUpdates fails or its connection drops', async () => {
    h = await startHarness({ start: false });
    h.fake.fail('getUpdates', { status: 502, description: 'Bad Gateway' });
    h.fake.fail('getUpdates', { drop: true });
    await h.bot.start();
    h.fake.push(fixture('private_start'));
    await h.fake.waitForCalls('sendMessage');
    expect(h.logs.filter((l) => l.includes('getUpdates failed'))).toHaveLength(2);
  });

  it('records a chat that blocked the bot (403) as inactive and sends it nothing more', async () => {
    h = await startHarness();
    h.fake.fail('sendMessage', { status: 403, description: 'Forbidden: bot was blocked by the user' });
    h.fake.push(textMessage('/sprache en'));
    await vi.waitFor(() => expect(h!.logs.some((l) => l.includes('marked inactive'))).toBe(true), {
      interval: 5,
    });
    h.fake.push(textMessage('/start', 'private_start', { id: 77 }));
    await h.fake.waitFor(() => messagesTo(h!.fake, 77).length === 1);
    expect(await h.status.isActive(`telegram:${ANNA}`)).toBe(false);
    // The language change had two replies: after the 403 the second was not tried, and no apology either.
    expect(messagesTo(h.fake, ANNA)).toHaveLength(1);
  });

  it('apologises once when something unexpected fails, and logs it without the message text', async () => {
    h = await startHarness();
    // /stats has no handler in this bare engine (no admin feature): bind one that fails.
    h.engine.registerCommand('stats', () => {
      throw new Error('engine broke');
    });
    h.fake.push(textMessage('/stats geheim123'));
    const [call] = await h.fake.waitForCalls('sendMessage');
    expect(call!.params.text).toBe(apology(realContent()));
    const failure = h.logs.find((l) => l.includes('update failed'))!;
    expect(failure).toContain('engine broke');
    expect(failure).not.toContain('geheim123');
  });
});
