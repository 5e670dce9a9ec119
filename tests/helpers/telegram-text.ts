/** What a Telegram user sends and sees, for tests against the fake Bot API. */
import type { Update } from 'grammy/types';
import { textMessage } from '../telegram/support/updates.js';

/** The visible text of Telegram (or Matrix) HTML: tags gone, the five entities the renderers write decoded. */
export const htmlText = (html: string): string =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** A private text message from the user of `chat` whose Telegram app is set to `lang` (its language_code). */
export function textFrom(text: string, chat: number, lang: string): Omit<Update, 'update_id'> {
  const update = textMessage(text, 'private_start', { id: chat });
  update.message!.from = { ...update.message!.from, language_code: lang };
  return update;
}
