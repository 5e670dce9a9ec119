/** With WEB_BASE_URL, answers, shares and inline results link to the topic's page in the reader's language. */
import type { UserFromGetMe } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { inlineArticle } from '../../adapters/telegram/inline.js';
import { inlineKeyboard } from '../../adapters/telegram/keyboard.js';
import { renderMatrix } from '../../adapters/matrix/render.js';
import { Engine } from '../../src/engine/engine.js';
import { composeTopic } from '../../src/engine/compose.js';
import type { Button } from '../../src/message/model.js';
import { realContent } from '../helpers/content.js';
import { plain } from '../helpers/engine.js';
import { BASE } from './helpers.js';
import { MemoryPreferenceStore } from '../helpers/fakes.js';

const content = realContent();
const engine = (webBaseUrl?: string) =>
  new Engine({ content, preferences: new MemoryPreferenceStore(), webBaseUrl });
const me = { id: 1, is_bot: true, first_name: 'Bot', username: 'test_bot' } as UserFromGetMe;
const shareOf = (buttons: readonly (readonly Button[])[]) =>
  buttons.flat().find((b): b is Extract<Button, { kind: 'share' }> => b.kind === 'share')!;

describe('links to the web guide', () => {
  it('end the "got this forwarded?" footer with the page in the reader\'s language', () => {
    const e = engine(BASE);
    expect(plain(e.topicReply('instagram', 'de'))).toContain(
      `${content.ui.de.footer_web} ${BASE}/de/instagram/`,
    );
    expect(plain(e.topicReply('whatsapp', 'en'))).toContain(
      `${content.ui.en.footer_web} ${BASE}/en/whatsapp/`,
    );
    expect(plain(e.menu('de'))).toContain(`${BASE}/de/`);
  });

  it('are absent without WEB_BASE_URL: the answers stay as they were', () => {
    const e = engine();
    const topic = content.topics.get('instagram')!;
    expect(e.topicReply('instagram', 'de').blocks).toEqual(composeTopic(content, topic, 'de').blocks);
    expect(plain(e.topicReply('instagram', 'de'))).not.toContain(content.ui.de.footer_web);
    expect(shareOf(e.topicReply('instagram', 'de').buttons).url).toBeUndefined();
  });

  it("are what Telegram's share dialog and inline results carry", () => {
    const e = engine(BASE);
    const share = shareOf(e.topicReply('instagram', 'en').buttons);
    expect(share.url).toBe(`${BASE}/en/instagram/`);
    const keyboard = inlineKeyboard([[share]], { username: 'test_bot', inline: false })!;
    const url = new URL((keyboard.inline_keyboard[0]![0] as { url: string }).url);
    expect(url.searchParams.get('url')).toBe(`${BASE}/en/instagram/`);

    const article = inlineArticle(e, content.topics.get('instagram')!, 'de', me);
    const urls = article.reply_markup!.inline_keyboard.flat().map((b) => (b as { url?: string }).url);
    expect(urls).toContain(`${BASE}/de/instagram/`);
    expect(urls).toContain('https://t.me/test_bot?start=instagram');
    const messageText = (article.input_message_content as { message_text: string }).message_text;
    expect(messageText).toContain(`href="${BASE}/de/instagram/"`);
  });

  it('keep the inline results and the share link on the bot without WEB_BASE_URL', () => {
    const e = engine();
    const article = inlineArticle(e, content.topics.get('instagram')!, 'de', me);
    expect(article.reply_markup!.inline_keyboard.flat()).toHaveLength(1);
    const share = shareOf(e.topicReply('instagram', 'de').buttons);
    const keyboard = inlineKeyboard([[share]], { username: 'test_bot', inline: false })!;
    const url = new URL((keyboard.inline_keyboard[0]![0] as { url: string }).url);
    expect(url.searchParams.get('url')).toBe('https://t.me/test_bot?start=instagram');
  });

  it('are in Matrix answers: the footer and the share line', () => {
    const events = renderMatrix(engine(BASE).topicReply('facebook', 'de'), {
      selfUserId: '@bot:example.org',
    }).events;
    const html = events.map((ev) => ev.formatted_body).join('\n');
    const body = events.map((ev) => ev.body).join('\n');
    expect(html.match(new RegExp(`href="${BASE}/de/facebook/"`, 'g'))?.length).toBeGreaterThanOrEqual(2);
    expect(body).toContain(`${BASE}/de/facebook/`);
    const without = renderMatrix(engine().topicReply('facebook', 'de'), {
      selfUserId: '@bot:example.org',
    }).events;
    expect(without.map((ev) => ev.body).join('\n')).not.toContain('guide.example.org');
  });
});
