/**
 * A neutral reply as Telegram messages: HTML text split to Telegram's limit, with the inline keyboard on
 * the last message. Topic answers are the same objects turn after turn (the engine caches them per content
 * load), so their rendering is cached by identity. Mostly right-to-left replies get RLM marks where a block
 * would start left to right (src/render/bidi.ts).
 */
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Reply } from '../../src/message/model.js';
import { markRtlBlocks } from '../../src/render/bidi.js';
import { botLink, inlineKeyboard, type KeyboardOptions } from './keyboard.js';
import { splitBlocks, TELEGRAM_TEXT_LIMIT } from './split.js';

export interface RenderedReply {
  /** HTML texts (parse_mode HTML), each within Telegram's limit. Empty if the reply has no text. */
  readonly messages: readonly string[];
  /** Goes with the last message. */
  readonly keyboard: InlineKeyboardMarkup | undefined;
}

export type RenderOptions = KeyboardOptions & { readonly limit?: number };

export function renderReply(reply: Reply, opts: RenderOptions): RenderedReply {
  return {
    messages: splitBlocks(
      markRtlBlocks(reply.blocks),
      botLink(opts.username),
      opts.limit ?? TELEGRAM_TEXT_LIMIT,
    ),
    keyboard: inlineKeyboard(reply.buttons, opts),
  };
}

/** renderReply with a per-reply cache; one renderer per bot, since the options are the bot's. */
export function cachedRenderer(opts: RenderOptions): (reply: Reply) => RenderedReply {
  const cache = new WeakMap<Reply, RenderedReply>();
  return (reply) => {
    let rendered = cache.get(reply);
    if (!rendered) {
      rendered = renderReply(reply, opts);
      cache.set(reply, rendered);
    }
    return rendered;
  };
}
