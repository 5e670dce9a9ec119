/**
 * MessageSender for Telegram: sends replies outside a user turn (reminders). It sends nothing to a chat
 * recorded as inactive, records a chat that turns out to be blocked, and reports every failure as a
 * DeliveryError. Telegram has no idempotent send, so a reply split into several messages that failed
 * half-way is resumed from the first unsent part when retried with the same key (in this process).
 */
import type { Api } from 'grammy';
import type { Reply } from '../../src/message/model.js';
import { DeliveryError, type ConversationStatus } from '../../src/ports/platform.js';
import { BoundedMap } from '../../src/util/bounded-map.js';
import { chatIdOf } from './context.js';
import { deliver } from './deliver.js';
import { toDeliveryError } from './errors.js';
import type { RenderedReply } from './render.js';

export interface SenderDeps {
  readonly api: Api;
  readonly status: ConversationStatus;
  /** The bot's renderer, or undefined before start (getMe not done yet). */
  readonly render: () => ((reply: Reply) => RenderedReply) | undefined;
  readonly signal?: AbortSignal;
}

const MAX_PARTIAL = 1000;

export function createSend(
  deps: SenderDeps,
): (conversation: string, reply: Reply, idempotencyKey: string) => Promise<void> {
  /** idempotencyKey → messages of that reply already delivered. */
  const partial = new BoundedMap<string, number>(MAX_PARTIAL);
  return async (conversation, reply, idempotencyKey) => {
    const chatId = chatIdOf(conversation);
    if (chatId === undefined) throw new DeliveryError('permanent', 'not a Telegram conversation id');
    if (!(await deps.status.isActive(conversation)))
      throw new DeliveryError('blocked', 'conversation is inactive');
    const render = deps.render();
    if (!render) throw new DeliveryError('transient', 'the Telegram bot is not started');
    try {
      await deliver(
        deps.api,
        { chatId },
        render(reply),
        partial.get(idempotencyKey) ?? 0,
        (i) => {
          partial.set(idempotencyKey, i + 1);
        },
        deps.signal,
      );
      partial.delete(idempotencyKey);
    } catch (err) {
      const failure = toDeliveryError(err);
      if (failure.failure === 'blocked') await deps.status.markInactive(conversation, 'blocked');
      throw failure;
    }
  };
}
