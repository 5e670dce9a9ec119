/**
 * One user turn: the event goes to the engine, each reply is rendered and sent to the chat it came from.
 * A chat that has blocked the bot (403 and the like) is recorded as inactive and gets nothing more.
 */
import type { IncomingEvent } from '../../src/ports/engine.js';
import type { BotContext, HandlerDeps } from './context.js';
import { deliver, type Target } from './deliver.js';
import { isUnreachable } from './errors.js';
import { errorFields } from './log-fields.js';

export async function answerTurn(
  ctx: BotContext,
  deps: HandlerDeps,
  event: IncomingEvent,
  target: Target,
): Promise<void> {
  const replies = await deps.engine.handle(event);
  const render = deps.renderer(ctx.me);
  try {
    let first = true;
    for (const reply of replies) {
      await deliver(ctx.api, first ? target : { ...target, replyTo: undefined }, render(reply));
      first = false;
    }
  } catch (err) {
    if (!isUnreachable(err)) throw err;
    ctx.log.info({ err: errorFields(err) }, 'chat unreachable, marked inactive');
    await deps.status.markInactive(event.conversation, 'blocked');
  }
}

/** Where a message's answer goes: the same chat and forum topic; in groups, as a reply to it. */
export function targetOf(message: {
  chat: { id: number; type: string };
  message_id: number;
  message_thread_id?: number;
  is_topic_message?: boolean;
}): Target {
  return {
    chatId: message.chat.id,
    threadId: message.is_topic_message ? message.message_thread_id : undefined,
    replyTo: message.chat.type === 'private' ? undefined : message.message_id,
  };
}
