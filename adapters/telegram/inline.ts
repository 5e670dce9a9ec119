/**
 * Inline mode ("@bot instagram" in any chat): the matching topics as articles. Each article's message is
 * the topic answer as HTML, cut to one Telegram message if longer, with a button that opens the bot on
 * the same topic (t.me/<bot>?start=<topic>), since buttons under an inline message cannot reach our chat.
 */
import type { InlineQueryResultArticle, UserFromGetMe } from 'grammy/types';
import type { Lang, Topic } from '../../src/content/types.js';
import type { EnginePort } from '../../src/ports/engine.js';
import { cleanText } from '../../src/render/sanitize.js';
import { topicUrl } from '../../src/render/web/paths.js';
import { conversationId, type BotContext, type HandlerDeps } from './context.js';
import { botLink } from './keyboard.js';
import { splitBlocks, TELEGRAM_TEXT_LIMIT } from './split.js';

/** Telegram allows 50 results per answer and queries of up to 256 characters. */
const MAX_RESULTS = 50;
const MAX_QUERY = 256;
const ELLIPSIS = '\n…';
/** Results depend on the user's language; Telegram may cache them this long (seconds). */
const CACHE_SECONDS = 300;

/** The topic answer as one message: whole if it fits, otherwise its first part and an ellipsis. */
export function inlineMessageHtml(engine: EnginePort, topicId: string, lang: Lang, username: string): string {
  const parts = splitBlocks(
    engine.topicReply(topicId, lang).blocks,
    botLink(username),
    TELEGRAM_TEXT_LIMIT - ELLIPSIS.length,
  );
  return (parts[0] ?? '') + (parts.length > 1 ? ELLIPSIS : '');
}

export function inlineArticle(
  engine: EnginePort,
  topic: Topic,
  lang: Lang,
  me: UserFromGetMe,
): InlineQueryResultArticle {
  const t = topic.text[lang];
  return {
    type: 'article',
    id: topic.id,
    title: cleanText(t.title),
    description: cleanText(t.summary),
    input_message_content: {
      message_text: inlineMessageHtml(engine, topic.id, lang, me.username),
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    },
    reply_markup: {
      inline_keyboard: [
        [
          {
            text: cleanText(`${t.button} – ${engine.content.ui[lang].open_in_bot}`),
            url: botLink(me.username, topic.id),
          },
        ],
        // With WEB_BASE_URL, the page in the reader's language: it opens for anyone the message reaches.
        ...(engine.webBaseUrl
          ? [
              [
                {
                  text: cleanText(engine.content.ui[lang].web_open),
                  url: topicUrl(engine.webBaseUrl, lang, topic.id),
                },
              ],
            ]
          : []),
      ],
    },
  };
}

export function onInlineQuery(deps: HandlerDeps) {
  return async (ctx: BotContext): Promise<void> => {
    const query = ctx.inlineQuery;
    if (!query) return;
    const { engine } = deps;
    // The user's private chat with the bot has the user's id: a /sprache choice made there applies here.
    const lang = await engine.resolveLanguage({
      conversation: conversationId(query.from.id),
      languageHint: query.from.language_code,
    });
    const topics = engine.findTopics(query.query.slice(0, MAX_QUERY)).slice(0, MAX_RESULTS);
    ctx.log.debug({ results: topics.length }, 'inline query');
    await ctx.answerInlineQuery(
      topics.map((topic) => inlineArticle(engine, topic, lang, ctx.me)),
      { cache_time: CACHE_SECONDS, is_personal: true },
    );
  };
}
