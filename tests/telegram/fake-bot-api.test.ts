/**
 * The strict fake Bot API itself: it refuses what Telegram refuses, with Telegram's descriptions, when the
 * real grammY client calls it; and it accepts Telegram's whole HTML subset. Every other Telegram test runs
 * against this fake, so these tests are what makes "the fake accepted it" mean something.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, GrammyError } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';
import { FakeBotApi } from './support/fake-bot-api.js';
import { visibleText, wellFormed } from './support/bot-api-rules.js';

let fake: FakeBotApi;
let api: Api;

beforeAll(async () => {
  fake = await FakeBotApi.start();
  api = new Api(fake.token, { apiRoot: fake.apiRoot });
});
afterAll(async () => {
  await fake.close();
});

/** The description of the 400 the fake answers, or 'accepted'. */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'accepted';
  } catch (error) {
    if (!(error instanceof GrammyError)) throw error;
    expect(error.error_code).toBe(400);
    return error.description;
  }
}

const html = (text: string) => outcome(api.sendMessage(1, text, { parse_mode: 'HTML' }));
const keyboard = (...row: InlineKeyboardButton[]) =>
  outcome(api.sendMessage(1, 'x', { reply_markup: { inline_keyboard: [row] } }));
const button = (extra: Record<string, unknown>) => ({ text: 'Go', ...extra }) as InlineKeyboardButton;

describe('strict fake Bot API: message text', () => {
  it('counts the visible text after entity parsing against 4,096 characters', async () => {
    expect(await html('a'.repeat(4096))).toBe('accepted');
    expect(await html('a'.repeat(4097))).toBe('Bad Request: message is too long');
    expect(await html(`<b>${'a'.repeat(4096)}</b>`)).toBe('accepted');
    expect(await html('&lt;'.repeat(4096))).toBe('accepted');
    expect(await html('&lt;'.repeat(4097))).toBe('Bad Request: message is too long');
    expect(await outcome(api.sendMessage(1, 'a'.repeat(4097)))).toBe('Bad Request: message is too long');
  });

  it('refuses empty text', async () => {
    expect(await outcome(api.sendMessage(1, ''))).toBe('Bad Request: message text is empty');
    expect(await html('<b> </b>')).toBe('Bad Request: text must be non-empty');
  });

  it('refuses tags outside Telegram’s subset, with the byte offset', async () => {
    expect(await html('<p>x</p>')).toBe(
      `Bad Request: can't parse entities: Unsupported start tag "p" at byte offset 0`,
    );
    expect(await html('ä<br>')).toBe(
      `Bad Request: can't parse entities: Unsupported start tag "br" at byte offset 2`,
    );
    expect(await html('a < b')).toBe(
      `Bad Request: can't parse entities: Unsupported start tag "" at byte offset 2`,
    );
    expect(await html('<span>x</span>')).toBe(
      `Bad Request: can't parse entities: Tag "span" must have class "tg-spoiler" at byte offset 0`,
    );
  });

  it('refuses unbalanced tags', async () => {
    expect(await html('<b>x')).toBe(
      `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`,
    );
    expect(await html('<b><i>x</b></i>')).toBe(
      `Bad Request: can't parse entities: Unmatched end tag at byte offset 7, expected "</i>", found "</b>"`,
    );
    expect(await html('x</b>')).toBe(
      `Bad Request: can't parse entities: Unexpected end tag at byte offset 1`,
    );
    expect(await html('<a href="https://example.org">x')).toBe(
      `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "a"`,
    );
  });

  it('accepts the whole HTML subset, and markup-like text without parse_mode', async () => {
    const all =
      '<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike>' +
      '<del>d</del><span class="tg-spoiler">p</span><tg-spoiler>t</tg-spoiler>' +
      '<a href="https://example.org/?a=1&amp;b=2">a</a><tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>' +
      '<code>c</code><pre><code class="language-ts">x</code></pre><blockquote expandable>q</blockquote>' +
      ' &lt;&gt;&amp;&quot;&#39;&#x41; & >';
    expect(await html(all)).toBe('accepted');
    expect(visibleText(all)).toBe('bsieunskdpta👍cxq <>&"\'A & >');
    expect(await outcome(api.sendMessage(1, '<p>not parsed</p>'))).toBe('accepted');
  });

  it('checks the text of inline results and of callback answers', async () => {
    const article = (text: string) => ({
      type: 'article' as const,
      id: '1',
      title: 't',
      input_message_content: { message_text: text, parse_mode: 'HTML' as const },
    });
    expect(await outcome(api.answerInlineQuery('q', [article('<b>ok</b>')]))).toBe('accepted');
    expect(await outcome(api.answerInlineQuery('q', [article('<b>ok')]))).toBe(
      `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`,
    );
    expect(await outcome(api.answerInlineQuery('q', [article('x'.repeat(4097))]))).toBe(
      'Bad Request: message is too long',
    );
    expect(await outcome(api.answerCallbackQuery('q', { text: 'x'.repeat(201) }))).toBe(
      'Bad Request: MESSAGE_TOO_LONG',
    );
  });
});

describe('strict fake Bot API: inline keyboards', () => {
  it('takes callback_data of 1 to 64 bytes', async () => {
    expect(await keyboard(button({ callback_data: 'x'.repeat(64) }))).toBe('accepted');
    expect(await keyboard(button({ callback_data: 'x'.repeat(65) }))).toBe(
      'Bad Request: BUTTON_DATA_INVALID',
    );
    // Bytes, not characters: 33 × "ü" is 66 bytes.
    expect(await keyboard(button({ callback_data: 'ü'.repeat(33) }))).toBe(
      'Bad Request: BUTTON_DATA_INVALID',
    );
    expect(await keyboard(button({ callback_data: '' }))).toBe(
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    );
  });

  it('refuses a button with no action, or with two', async () => {
    expect(await keyboard(button({}))).toBe(
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    );
    expect(await keyboard(button({ url: 'https://example.org', callback_data: 'x' }))).toMatch(
      /^Bad Request: can't parse inline keyboard button: exactly one of the optional fields must be used/,
    );
    expect(
      await keyboard(button({ switch_inline_query: '' }), button({ url: 'tg://resolve?domain=x' })),
    ).toBe('accepted');
    expect(await keyboard(button({ url: 'javascript:alert(1)' }))).toBe(
      "Bad Request: inline keyboard button URL 'javascript:alert(1)' is invalid: Unsupported URL protocol",
    );
  });
});

describe('strict fake Bot API: bookkeeping', () => {
  it('keeps each refusal with its description, and can fail a test on them', async () => {
    const other = await FakeBotApi.start();
    try {
      const client = new Api(other.token, { apiRoot: other.apiRoot });
      expect(() => other.assertNoRefusals()).not.toThrow();
      await outcome(client.sendMessage(1, '<p>x</p>', { parse_mode: 'HTML' }));
      expect(other.refusals.map((c) => c.refused)).toEqual([
        `Bad Request: can't parse entities: Unsupported start tag "p" at byte offset 0`,
      ]);
      expect(other.callsTo('sendMessage')[0]?.refused).toBe(other.refusals[0]?.refused);
      expect(() => other.assertNoRefusals()).toThrow(/sendMessage: Bad Request: can't parse entities/);
    } finally {
      await other.close();
    }
  });

  it('is lenient only when asked to be', async () => {
    const lenient = await FakeBotApi.start({ strict: false });
    try {
      const client = new Api(lenient.token, { apiRoot: lenient.apiRoot });
      expect(await outcome(client.sendMessage(1, '<p>x', { parse_mode: 'HTML' }))).toBe('accepted');
      expect(lenient.refusals).toEqual([]);
    } finally {
      await lenient.close();
    }
  });

  it('reads rendered HTML the way Telegram does (for tests without the server)', () => {
    expect(wellFormed('<b>a &amp; <a href="https://x.org">b</a></b>')).toBe(true);
    expect(wellFormed('<b>a</i>')).toBe(false);
    expect(() => visibleText('<p>')).toThrow(/Unsupported start tag "p"/);
  });
});
