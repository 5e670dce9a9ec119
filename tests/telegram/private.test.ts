import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paragraph, text, type Reply } from '../../src/message/model.js';
import { visibleText, wellFormed } from './support/bot-api-rules.js';
import { messagesTo, startHarness, type Harness } from './support/harness.js';
import { fixture, textMessage } from './support/updates.js';
import { boldTitle, topicText, uiRaw, uiText } from './support/content-text.js';

const ANNA = 123456789;
let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

describe('Telegram bot in a private chat (long polling)', () => {
  it('answers /start with the menu as HTML, with an inline keyboard of topics', async () => {
    h.fake.push(fixture('private_start'));
    const [call] = await h.fake.waitForCalls('sendMessage');
    expect(call!.params).toMatchObject({
      chat_id: ANNA,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
    expect(String(call!.params.text)).toContain(boldTitle('start'));
    expect(String(call!.params.text)).toContain('https://t.me/KiWiderspruchTestBot');
    const keyboard = call!.params.reply_markup as {
      inline_keyboard: { text: string; callback_data?: string }[][];
    };
    expect(keyboard.inline_keyboard.flat()).toContainEqual({
      text: topicText('instagram').button,
      callback_data: 't:instagram',
    });
    expect(wellFormed(String(call!.params.text))).toBe(true);
  });

  it('answers a topic command with the topic, and its share button opens the chat picker', async () => {
    h.fake.push(textMessage('/instagram'));
    const [call] = await h.fake.waitForCalls('sendMessage');
    expect(String(call!.params.text).startsWith(boldTitle('instagram'))).toBe(true);
    const buttons = (
      call!.params.reply_markup as { inline_keyboard: Record<string, string>[][] }
    ).inline_keyboard.flat();
    expect(buttons).toContainEqual({ text: uiRaw('de', 'share_button'), switch_inline_query: 'instagram' });
    expect(buttons).toContainEqual({ text: uiRaw('de', 'sources_button'), callback_data: 's:instagram' });
  });

  it('escapes HTML that a user typed when quoting it back', async () => {
    h.fake.push(textMessage('<b>qqqq</b> & <a href="k">'));
    const [call] = await h.fake.waitForCalls('sendMessage');
    const html = String(call!.params.text);
    expect(html).toContain('&lt;b&gt;qqqq&lt;/b&gt; &amp; &lt;a href="k"&gt;');
    expect(html).not.toContain('<b>qqqq</b>');
    expect(wellFormed(html)).toBe(true);
  });

  it('opens a deep link t.me/<bot>?start=<topic>_<lang> on that topic in that language', async () => {
    h.fake.push(fixture('private_deep_link'));
    const [call] = await h.fake.waitForCalls('sendMessage');
    expect(String(call!.params.text).startsWith(boldTitle('instagram', 'en'))).toBe(true);
  });

  it('falls back to the menu for an unknown or malformed deep-link payload', async () => {
    h.fake.push(textMessage('/start gibtsnicht', 'private_start', { id: 1 }));
    h.fake.push(textMessage(`/start ${'a'.repeat(65)}`, 'private_start', { id: 2 }));
    h.fake.push(textMessage('/start ../../etc <script>', 'private_start', { id: 3 }));
    await h.fake.waitForCalls('sendMessage', 3);
    for (const chat of [1, 2, 3]) {
      expect(String(messagesTo(h.fake, chat)[0]!.params.text).startsWith(boldTitle('start'))).toBe(true);
    }
  });

  it('answers in English to a user whose Telegram is in English', async () => {
    const update = textMessage('/frist');
    update.message!.from.language_code = 'en-GB';
    h.fake.push(update);
    const [call] = await h.fake.waitForCalls('sendMessage');
    expect(visibleText(String(call!.params.text))).toContain(uiText('en', 'deadline_heading'));
  });

  it('splits a 10,000-character answer into messages of at most 4,096 characters, keyboard on the last', async () => {
    const words = Array.from({ length: 1700 }, (_, i) => `w${i}`).join(' ');
    const long: Reply = {
      blocks: [paragraph(text(words)), paragraph(text('Ende & <Schluss>'))],
      buttons: [[{ kind: 'action', label: 'Menü', action: 'm' }]],
    };
    // Commands unbound in this bare engine (no admin feature) stand in for a long and a slow answer.
    h.engine.registerCommand('broadcast', () => [long]);
    h.fake.push(textMessage('/broadcast'));
    await h.fake.waitFor((calls) => calls.filter((c) => c.method === 'sendMessage').length >= 3);
    const calls = messagesTo(h.fake, ANNA);
    expect(calls).toHaveLength(3);
    const texts = calls.map((c) => visibleText(String(c.params.text)));
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(4096);
    expect(texts.join(' ').replace(/\s+/g, ' ')).toBe(`${words} Ende & <Schluss>`);
    expect(calls.map((c) => c.params.reply_markup !== undefined)).toEqual([false, false, true]);
  });

  it('answers each chat in order, while a slow chat does not hold up the others', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    h.engine.registerCommand('reload', async (ctx) => {
      await gate;
      return [{ blocks: [paragraph(text(`langsam ${ctx.event.conversation}`))], buttons: [] }];
    });
    h.fake.push(textMessage('/reload', 'private_start', { id: 1 }));
    h.fake.push(textMessage('/frist', 'private_start', { id: 1 }));
    h.fake.push(textMessage('/start', 'private_start', { id: 2 }));
    await h.fake.waitFor(() => messagesTo(h.fake, 2).length === 1);
    expect(messagesTo(h.fake, 1)).toHaveLength(0);
    release();
    await h.fake.waitFor(() => messagesTo(h.fake, 1).length === 2);
    const [first, second] = messagesTo(h.fake, 1);
    expect(first!.params.text).toBe('langsam telegram:1');
    expect(visibleText(String(second!.params.text))).toContain(uiText('de', 'deadline_heading'));
  });

  it('answers a photo without text with a hint, and ignores service messages', async () => {
    const photo = fixture('private_start');
    const { text: _t, entities: _e, ...rest } = photo.message!;
    h.fake.push({
      message: {
        ...rest,
        photo: [{ file_id: 'AgAD', file_unique_id: 'AQAD', width: 90, height: 90 }],
      },
    });
    h.fake.push({
      message: {
        ...rest,
        chat: { ...rest.chat, id: 5 },
        pinned_message: { message_id: 1, date: 0, chat: rest.chat },
      },
    });
    h.fake.push(textMessage('/start', 'private_start', { id: 5 }));
    await h.fake.waitFor(() => messagesTo(h.fake, 5).length === 1 && messagesTo(h.fake, ANNA).length === 1);
    expect(visibleText(String(messagesTo(h.fake, ANNA)[0]!.params.text))).toContain(
      uiText('de', 'empty_text'),
    );
    expect(messagesTo(h.fake, 5)).toHaveLength(1);
  });

  it('never logs message text or the token, and logs each update with its id and a hashed chat', async () => {
    h.fake.push(textMessage('mein geheimes Passwort ist hunter2'));
    await h.fake.waitForCalls('sendMessage');
    await h.bot.stop();
    const all = h.logs.join('\n');
    expect(all).not.toContain('hunter2');
    expect(all).not.toContain(h.fake.token);
    expect(all).not.toContain(String(ANNA));
    const handled = h.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'update handled');
    expect(handled).toMatchObject({ platform: 'telegram', kind: 'message' });
    expect(typeof handled!.update).toBe('number');
    expect(String(handled!.chat)).toMatch(/^[A-Za-z0-9_-]{12}$/);
  });
});
