/**
 * Button presses. Every callback query is answered, so the button stops spinning. One that is forged or
 * stale (the data does not decode, or names a topic that no longer exists) gets a short notice as a toast,
 * and the engine's answer for it (the notice with the current menu) in the chat.
 */
import { decodeAction } from '../../src/message/actions.js';
import { DEFAULT_LANG, type Lang } from '../../src/content/types.js';
import type { EnginePort } from '../../src/ports/engine.js';
import { conversationId, type BotContext, type HandlerDeps } from './context.js';
import { errorFields } from './log-fields.js';
import { answerTurn } from './turn.js';

/** Whether callback data is an action the current content can carry out. */
function isCurrentAction(engine: EnginePort, data: string | undefined): boolean {
  const action = data === undefined ? undefined : decodeAction(data);
  if (!action) return false;
  return action.type === 'topic' || action.type === 'sources'
    ? engine.content.topics.has(action.topic)
    : true;
}

/** The toast for a stale button, within Telegram's 200 characters. */
function staleNotice(engine: EnginePort, lang: Lang): string {
  return Array.from(engine.content.ui[lang].button_stale).slice(0, 200).join('');
}

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
    const current = isCurrentAction(deps.engine, query.data);
    ctx.log.debug({ current }, 'button');
    // Even if the language cannot be looked up, the press is answered.
    const text = current
      ? undefined
      : staleNotice(deps.engine, await deps.engine.resolveLanguage(base).catch(() => DEFAULT_LANG));
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
    await answerTurn(ctx, deps, { ...base, action: query.data ?? '' }, { chatId: chat.id, threadId });
  };
}
