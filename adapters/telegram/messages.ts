/**
 * Messages: in private chats every message is answered; in groups only those addressed to the bot.
 * "/start <payload>" is a deep link (t.me/<bot>?start=<payload>); a payload Telegram would not send
 * ([A-Za-z0-9_-], at most 64) is dropped and the menu is shown.
 */
import type { Message } from 'grammy/types';
import type { IncomingEvent } from '../../src/ports/engine.js';
import { addressedText } from './addressing.js';
import { conversationId, type BotContext, type HandlerDeps } from './context.js';
import { answerTurn, targetOf } from './turn.js';

const START = /^\/start(?:@[A-Za-z0-9_]{1,64})?(?:\s+([\s\S]*))?$/;
const PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;
/** Messages a person sent (as opposed to service messages such as "pinned" or "joined"). */
const CONTENT_KINDS = [
  'text',
  'photo',
  'sticker',
  'voice',
  'video',
  'video_note',
  'audio',
  'document',
  'animation',
  'location',
  'contact',
  'poll',
] as const;

/** The engine event for a text: a deep link becomes a start payload, anything else stays text. */
function eventFor(text: string, base: Omit<IncomingEvent, 'text'>): IncomingEvent {
  const start = START.exec(text.trim());
  if (!start) return { ...base, text };
  const payload = start[1]?.trim();
  if (payload === undefined || payload === '') return { ...base, text: '/start' };
  return { ...base, startPayload: PAYLOAD.test(payload) ? payload : '' };
}

function textOf(message: Message, deps: HandlerDeps, me: BotContext['me']): string | undefined {
  if (message.chat.type !== 'private')
    return addressedText(message, me, (name) => deps.engine.knowsCommand(name));
  if (!CONTENT_KINDS.some((kind) => kind in message)) return undefined;
  return message.text ?? message.caption ?? '';
}

export function onMessage(deps: HandlerDeps) {
  return async (ctx: BotContext): Promise<void> => {
    const message = ctx.message;
    if (!message || message.from?.is_bot) return;
    const text = textOf(message, deps, ctx.me);
    if (text === undefined) {
      ctx.log.debug({}, 'not addressed to the bot');
      return;
    }
    const event = eventFor(text, {
      conversation: conversationId(message.chat.id),
      ...(message.from
        ? { user: conversationId(message.from.id), languageHint: message.from.language_code }
        : {}),
    });
    ctx.log.debug({ chatType: message.chat.type, deepLink: event.startPayload !== undefined }, 'message');
    await answerTurn(ctx, deps, event, targetOf(message));
  };
}
