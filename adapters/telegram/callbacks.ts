/**
 * Button presses. Every callback query is answered, so the button stops spinning. One that the engine calls
 * stale (forged data, a topic that no longer exists) gets the engine's short notice as a toast, and the
 * engine's answer for it (the notice with the current menu) in the chat. What a press does is decided in the
 * engine, as on Matrix and in the terminal; this file only translates.
 */
import { conversationId, type BotContext, type HandlerDeps } from './context.js';
import { errorFields } from './log-fields.js';
import { answerTurn } from './turn.js';

/** A toast fits in 200 characters. */
const MAX_TOAST_CHARS = 200;

export function onCallbackQuery(deps: HandlerDeps) {
  return async (ctx: BotContext): Promise<void> => {
    const query = ctx.callbackQuery;
    if (!query) return;
    const chat = query.message?.chat;
    const base = {
      conversation: conversationId(chat?.id ?? query.from.id),
      user: conversationId(query.from.id),
      languageHint: query.from.language_code,
    };
    const event = { ...base, action: query.data ?? '' };
    // The engine decides whether the button still works; a stale one gets its notice as a toast.
    const stale = await deps.engine.staleButtonNotice({ ...base, action: query.data });
    ctx.log.debug({ current: stale === undefined }, 'button');
    const text = stale === undefined ? undefined : Array.from(stale).slice(0, MAX_TOAST_CHARS).join('');
    try {
      await ctx.answerCallbackQuery(text ? { text } : undefined);
    } catch (err) {
      // Too late (older than ~15 s) or already answered: the reply below still matters.
      ctx.log.warn({ err: errorFields(err) }, 'answerCallbackQuery failed');
    }
    // A button under an inline message (sent through inline mode) has no chat of ours to answer in.
    if (!chat || !query.message) return;
    const threadId =
      'is_topic_message' in query.message && query.message.is_topic_message
        ? query.message.message_thread_id
        : undefined;
    await answerTurn(ctx, deps, event, { chatId: chat.id, threadId });
  };
}
