/**
 * MessageSender for Telegram: sends replies outside a user turn (reminders). It sends nothing to a chat
 * recorded as inactive and reports every failure as a DeliveryError (the scheduler records a blocked chat).
 * A group that became a supergroup is moved to its new id and sent to there. Telegram has no idempotent send,
 * so a reply split into several messages that failed half-way is resumed from the first unsent part when
 * retried with the same key (in this process).
 *
 * Paid sending (SendOptions.paid, TELEGRAM_PAID_BROADCAST): the messages go out with allow_paid_broadcast.
 * Telegram's documentation does not say what it answers when the bot's Stars balance cannot pay; a refusal
 * (400, 402 or 403) of a paid send whose description mentions Stars, balance or payment is reported as
 * "paid_refused", and the scheduler sends the same reply again without paying.
 */
import type { Api } from 'grammy';
import type { Reply } from '../../src/message/model.js';
import { GrammyError } from 'grammy';
import { DeliveryError, type ConversationStatus, type SendOptions } from '../../src/ports/platform.js';
import { BoundedMap } from '../../src/util/bounded-map.js';
import { chatIdOf, conversationId } from './context.js';
import { deliver } from './deliver.js';
import { toDeliveryError } from './errors.js';
import { migratedTo, type MoveConversation } from './migration.js';
import type { RenderedReply } from './render.js';

export interface SenderDeps {
  readonly api: Api;
  readonly status: ConversationStatus;
  /** The bot's renderer, or undefined before start (getMe not done yet). */
  readonly render: () => ((reply: Reply) => RenderedReply) | undefined;
  /** Moves the stored chat when Telegram says it became a supergroup; without it that send fails as blocked. */
  readonly move?: MoveConversation | undefined;
  readonly signal?: AbortSignal;
}

const MAX_PARTIAL = 1000;

/** Not documented by Telegram (see above): what a refusal for want of Stars is recognised by. */
const NO_STARS = /stars?\b|balance|paid|payment|insufficient funds/i;

/** A refusal of a paid send that names Stars, the balance or payment (a blocked chat or a 429 does not). */
function isPaidRefusal(err: unknown): boolean {
  return (
    err instanceof GrammyError && [400, 402, 403].includes(err.error_code) && NO_STARS.test(err.description)
  );
}

export function createSend(
  deps: SenderDeps,
): (conversation: string, reply: Reply, idempotencyKey: string, options?: SendOptions) => Promise<void> {
  /** idempotencyKey → messages of that reply already delivered. */
  const partial = new BoundedMap<string, number>(MAX_PARTIAL);
  return async (conversation, reply, idempotencyKey, options) => {
    const chatId = chatIdOf(conversation);
    if (chatId === undefined) throw new DeliveryError('permanent', 'not a Telegram conversation id');
    if (!(await deps.status.isActive(conversation)))
      throw new DeliveryError('blocked', 'conversation is inactive');
    const render = deps.render();
    if (!render) throw new DeliveryError('transient', 'the Telegram bot is not started');
    const rendered = render(reply);
    const from = partial.get(idempotencyKey) ?? 0;
    const paid = options?.paid?.(rendered.messages.length - from) ?? false;
    const failed = (err: unknown): DeliveryError =>
      paid && isPaidRefusal(err)
        ? new DeliveryError('paid_refused', toDeliveryError(err).message)
        : toDeliveryError(err);
    try {
      await sendTo(chatId);
    } catch (err) {
      const to = migratedTo(err);
      if (to === undefined || !deps.move) throw failed(err);
      await deps.move(conversation, conversationId(to));
      try {
        await sendTo(to);
      } catch (again) {
        throw failed(again);
      }
    }

    async function sendTo(target: number): Promise<void> {
      await deliver(
        deps.api,
        { chatId: target },
        rendered,
        partial.get(idempotencyKey) ?? 0,
        (i) => {
          partial.set(idempotencyKey, i + 1);
        },
        deps.signal,
        paid,
      );
      partial.delete(idempotencyKey);
    }
  };
}
