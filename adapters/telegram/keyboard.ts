/**
 * The engine's buttons as a Telegram inline keyboard. Actions become callback_data (at most 64 bytes, or
 * the button is left out), links become url buttons, and "share" opens Telegram's chat picker with the
 * topic (switch_inline_query) when the bot has inline mode, or a t.me/share/url link when it has not.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { MAX_ACTION_BYTES } from '../../src/message/actions.js';
import type { Button } from '../../src/message/model.js';
import { cleanText } from '../../src/render/sanitize.js';
import { safeHref } from './html.js';

export interface KeyboardOptions {
  /** The bot's username, without "@". */
  readonly username: string;
  /** Whether the bot has inline mode (getMe's supports_inline_queries). */
  readonly inline: boolean;
}

/** t.me link that opens the bot; with a payload it starts on that topic. */
export function botLink(username: string, startPayload?: string): string {
  return `https://t.me/${username}${startPayload ? `?start=${encodeURIComponent(startPayload)}` : ''}`;
}

/** Telegram's share dialog with the text and a link: the topic's web page if there is one, else the bot. */
function shareUrl(username: string, topic: string, text: string, webUrl?: string): string {
  const url = encodeURIComponent(webUrl ?? botLink(username, topic));
  return `https://t.me/share/url?url=${url}&text=${encodeURIComponent(cleanText(text))}`;
}

function toButton(button: Button, opts: KeyboardOptions): InlineKeyboardButton | undefined {
  const text = cleanText(button.label).trim();
  if (!text) return undefined;
  switch (button.kind) {
    case 'action':
      return Buffer.byteLength(button.action, 'utf8') <= MAX_ACTION_BYTES && button.action
        ? { text, callback_data: button.action }
        : undefined;
    case 'url': {
      const url = safeHref(button.url);
      return url ? { text, url } : undefined;
    }
    case 'share':
      return opts.inline
        ? { text, switch_inline_query: button.topic }
        : { text, url: shareUrl(opts.username, button.topic, button.text, button.url) };
  }
}

/** The inline keyboard for a reply's buttons, or undefined when there are none. */
export function inlineKeyboard(
  rows: readonly (readonly Button[])[],
  opts: KeyboardOptions,
): InlineKeyboardMarkup | undefined {
  const keyboard = rows
    .map((row) => row.map((b) => toButton(b, opts)).filter((b): b is InlineKeyboardButton => b !== undefined))
    .filter((row) => row.length > 0);
  return keyboard.length ? { inline_keyboard: keyboard } : undefined;
}
