/**
 * The first middleware: a pino child per update (update id, a keyed hash of the chat id, the update's
 * kind; never text; `logger` already carries the platform), and the one place where unexpected errors are caught, logged and answered
 * with an apology. A failure while the store cannot be reached is not the update's fault: it ends in
 * UpdateNotHandled, so that the update is not acknowledged and Telegram delivers it again; the apology then
 * goes out at most once per chat per outage.
 */
import type { Update } from 'grammy/types';
import type { Content } from '../../src/content/types.js';
import { idHasher } from '../../src/logger.js';
import type { Logger } from '../../src/ports/capabilities.js';
import type { StoreHealth } from '../../src/ports/health.js';
import { BoundedMap } from '../../src/util/bounded-map.js';
import type { BotContext } from './context.js';
import { isUnreachable } from './errors.js';
import { errorFields } from './log-fields.js';

/** The apology after an unexpected failure, in both languages (the failure may have been the language lookup). */
export const apology = (content: Content): string =>
  `${content.ui.de.error_apology}\n${content.ui.en.error_apology}`;

/** An update that failed while the store was unreachable: leave it unacknowledged, it comes again. */
export class UpdateNotHandled extends Error {
  constructor(readonly updateId: number) {
    super('update not handled: the store is unreachable');
    this.name = 'UpdateNotHandled';
  }
}

function updateKind(update: Update): string {
  return Object.keys(update).find((k) => k !== 'update_id') ?? 'unknown';
}

export function boundary(
  logger: Logger,
  hashKey: string,
  secrets: readonly string[],
  content: () => Content,
  health?: StoreHealth,
) {
  const hashId = idHasher(hashKey);
  const hash = (chatId: number): string => hashId(`chat:${chatId}`);
  /** Chat id → the outage in which it last got an apology. */
  const apologized = new BoundedMap<number, number>(10_000);
  return async (ctx: BotContext, next: () => Promise<void>): Promise<void> => {
    const chatId = ctx.chat?.id ?? ctx.from?.id;
    ctx.log = logger.child({
      update: ctx.update.update_id,
      kind: updateKind(ctx.update),
      ...(chatId !== undefined ? { chat: hash(chatId) } : {}),
    });
    const started = performance.now();
    try {
      await next();
      ctx.log.debug({ ms: Math.round(performance.now() - started) }, 'update handled');
    } catch (err) {
      const storeDown = health !== undefined && !isUnreachable(err) && !(await health.reachable());
      const ms = Math.round(performance.now() - started);
      if (storeDown)
        ctx.log.warn({ err: errorFields(err, secrets), ms }, 'update deferred: store unreachable');
      else ctx.log.error({ err: errorFields(err, secrets), ms }, 'update failed');
      const chat = ctx.message?.chat ?? ctx.callbackQuery?.message?.chat;
      if (chat && !isUnreachable(err) && !(storeDown && apologized.get(chat.id) === health.outages)) {
        if (storeDown) apologized.set(chat.id, health.outages);
        try {
          await ctx.api.sendMessage(chat.id, apology(content()));
        } catch (sorry) {
          ctx.log.warn({ err: errorFields(sorry, secrets) }, 'apology failed');
        }
      }
      if (storeDown) throw new UpdateNotHandled(ctx.update.update_id);
    }
  };
}
