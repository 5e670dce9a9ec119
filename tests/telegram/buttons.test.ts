import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesTo, startHarness, type Harness } from './support/harness.js';
import { callback, fixture } from './support/updates.js';
import { visibleText } from './support/bot-api-rules.js';
import { boldTitle, uiRaw, uiText } from './support/content-text.js';

let chat = 1000;
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

/** Presses a button with `data` in a fresh chat; returns the callback answer and the messages sent. */
async function press(
  data: string | undefined,
  messages = 1,
): Promise<{ answer: Record<string, unknown>; texts: string[] }> {
  const id = ++chat;
  const update = callback(data, id);
  h.fake.push(update);
  await h.fake.waitFor(
    () =>
      messagesTo(h.fake, id).length >= messages &&
      h.fake
        .callsTo('answerCallbackQuery')
        .some((c) => c.params.callback_query_id === update.callback_query!.id),
  );
  const answer = h.fake
    .callsTo('answerCallbackQuery')
    .find((c) => c.params.callback_query_id === update.callback_query!.id)!.params;
  return { answer, texts: messagesTo(h.fake, id).map((c) => String(c.params.text)) };
}

describe('Telegram buttons', () => {
  it('answers the button press and sends the topic it names', async () => {
    h.fake.push(fixture('callback_query'));
    const [answer] = await h.fake.waitForCalls('answerCallbackQuery');
    expect(answer!.params).toEqual({ callback_query_id: '4382bfdwdsb323b2d9' });
    await h.fake.waitFor(() => messagesTo(h.fake, 123456789).length === 1);
    expect(String(messagesTo(h.fake, 123456789)[0]!.params.text).startsWith(boldTitle('instagram'))).toBe(
      true,
    );
  });

  it('answers forged callback data with a short notice and the current menu', async () => {
    for (const data of ['t:../../etc/passwd', 'x'.repeat(64), 'DROP TABLE', '']) {
      const { answer, texts } = await press(data);
      expect(answer.text).toBe(uiRaw('de', 'button_stale'));
      expect(texts).toHaveLength(1);
      expect(visibleText(texts[0]!)).toContain(uiText('de', 'bad_action'));
    }
  });

  it('treats a button for a topic that no longer exists as stale', async () => {
    const { answer, texts } = await press('t:myspace');
    expect(answer.text).toBe(uiRaw('de', 'button_stale'));
    expect(visibleText(texts[0]!)).toContain(uiText('de', 'bad_action'));
  });

  it('answers a press without callback data (a game button) with the notice', async () => {
    const { answer } = await press(undefined);
    expect(answer.text).toBe(uiRaw('de', 'button_stale'));
  });

  it('switches the language with the language buttons and remembers it', async () => {
    const { answer, texts } = await press('l:en', 2);
    expect(answer.text).toBeUndefined();
    expect(visibleText(texts[0]!)).toContain(uiText('en', 'language_set'));
    expect(texts[1]!.startsWith(boldTitle('start', 'en'))).toBe(true);
  });

  it('still sends the answer when answering the button press fails', async () => {
    h.fake.fail('answerCallbackQuery', {
      status: 400,
      description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
    });
    const id = ++chat;
    h.fake.push(callback('d', id));
    await h.fake.waitFor(() => messagesTo(h.fake, id).length === 1);
    expect(h.logs.some((l) => l.includes('answerCallbackQuery failed'))).toBe(true);
  });
});
