import { afterEach, describe, expect, it } from 'vitest';
import type { InlineQueryResultArticle } from 'grammy/types';
import { startHarness, type Harness } from './support/harness.js';
import { visibleText, wellFormed } from './support/bot-api-rules.js';
import { fixture, inlineQuery, textMessage } from './support/updates.js';
import { boldTitle, topicText, uiRaw } from './support/content-text.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const results = (call: { params: Record<string, unknown> }): InlineQueryResultArticle[] =>
  call.params.results as InlineQueryResultArticle[];

describe('Telegram inline mode', () => {
  it('offers the matching topic as an article with the answer as HTML and a button into the bot', async () => {
    h = await startHarness();
    h.fake.push(fixture('inline_query'));
    const [call] = await h.fake.waitForCalls('answerInlineQuery');
    expect(call!.params).toMatchObject({ inline_query_id: '2473623817629318512', is_personal: true });
    const [article] = results(call!);
    expect(article).toMatchObject({
      type: 'article',
      id: 'instagram',
      title: topicText('instagram').title,
      reply_markup: {
        inline_keyboard: [
          [
            {
              text: `${topicText('instagram').button} – ${uiRaw('de', 'open_in_bot')}`,
              url: 'https://t.me/KiWiderspruchTestBot?start=instagram',
            },
          ],
        ],
      },
    });
    const content = article!.input_message_content as { message_text: string; parse_mode: string };
    expect(content.parse_mode).toBe('HTML');
    expect(wellFormed(content.message_text)).toBe(true);
    expect(visibleText(content.message_text).length).toBeLessThanOrEqual(4096);
    expect(content.message_text.startsWith(boldTitle('instagram'))).toBe(true);
  });

  it('offers the menu topics for an empty query, in the language the user chose', async () => {
    h = await startHarness();
    h.fake.push(textMessage('/sprache en'));
    await h.fake.waitForCalls('sendMessage', 2);
    h.fake.push(inlineQuery(''));
    const [call] = await h.fake.waitForCalls('answerInlineQuery');
    const articles = results(call!);
    expect(articles.length).toBeGreaterThan(3);
    expect(articles.map((a) => a.id)).not.toContain('sources');
    expect(articles[0]!.title).toBe(topicText('instagram', 'en').title);
    expect(articles.map((a) => a.id)).toEqual([...new Set(articles.map((a) => a.id))]);
  });

  it('shares through a t.me/share link when the bot has no inline mode', async () => {
    h = await startHarness({ fake: { me: { supports_inline_queries: false } } });
    h.fake.push(textMessage('/instagram'));
    const [call] = await h.fake.waitForCalls('sendMessage');
    const buttons = (
      call!.params.reply_markup as { inline_keyboard: Record<string, string>[][] }
    ).inline_keyboard.flat();
    const share = buttons.find((b) => b.text === uiRaw('de', 'share_button'))!;
    expect(share.switch_inline_query).toBeUndefined();
    expect(share.url).toMatch(
      /^https:\/\/t\.me\/share\/url\?url=https%3A%2F%2Ft\.me%2FKiWiderspruchTestBot%3Fstart%3Dinstagram&text=/,
    );
  });
});
