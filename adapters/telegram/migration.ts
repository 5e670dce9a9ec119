/**
 * A group that becomes a supergroup gets a new chat id. Telegram says so with a service message in both chats
 * (migrate_to_chat_id in the old one, migrate_from_chat_id in the new one) and, to a send to the old id, with a
 * 400 "group chat was upgraded to a supergroup chat" carrying parameters.migrate_to_chat_id. Each moves what the
 * store holds about the chat (subscription, time zone, language, checklist, deliveries) to the new id; moving
 * twice is harmless.
 */
import { GrammyError } from 'grammy';
import { conversationId, type BotContext } from './context.js';

/** Moves everything stored about conversation `from` to `to` (Store.moveConversation). */
export type MoveConversation = (from: string, to: string) => Promise<unknown>;

export function onChatMigration(move: MoveConversation | undefined) {
  return async (ctx: BotContext): Promise<void> => {
    const message = ctx.message;
    if (!message || !move) return;
    const [from, to] =
      message.migrate_to_chat_id !== undefined
        ? [message.chat.id, message.migrate_to_chat_id]
        : [message.migrate_from_chat_id, message.chat.id];
    if (from === undefined || to === undefined) return;
    await move(conversationId(from), conversationId(to));
    ctx.log.info({}, 'group became a supergroup; its settings moved to the new chat id');
  };
}

/** The new chat id if a send failed because the group became a supergroup. */
export function migratedTo(err: unknown): number | undefined {
  return err instanceof GrammyError ? err.parameters.migrate_to_chat_id : undefined;
}
