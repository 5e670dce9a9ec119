/**
 * The update side of the Telegram bot: the grammY bot with its middleware (error boundary, one update per
 * chat at a time, one handler per update kind), the renderer for the bot as getMe describes it, and the
 * tracking of updates in flight so that stop() can wait for them.
 */
import { Bot, BotError } from 'grammy';
import { sequentialize } from '@grammyjs/runner';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { Logger } from '../../src/ports/capabilities.js';
import type { Reply } from '../../src/message/model.js';
import { boundary, UpdateNotHandled } from './boundary.js';
import { onCallbackQuery } from './callbacks.js';
import type { BotContext, HandlerDeps } from './context.js';
import { errorFields } from './log-fields.js';
import { onInlineQuery } from './inline.js';
import { onMyChatMember } from './membership.js';
import { onMessage } from './messages.js';
import { onChatMigration } from './migration.js';
import type { TelegramBotOptions } from './options.js';
import { cachedRenderer, type RenderedReply } from './render.js';
import { DEFAULT_RETRY, retryTransformer } from './retry.js';

export type Renderer = (me: UserFromGetMe) => (reply: Reply) => RenderedReply;

/** The renderer for this bot, rebuilt only when getMe's answer changes (its username, inline mode). */
export function botRenderer(): Renderer {
  let rendering: { me: UserFromGetMe; render: (reply: Reply) => RenderedReply } | undefined;
  return (me) => {
    if (rendering?.me !== me)
      rendering = {
        me,
        render: cachedRenderer({ username: me.username, inline: me.supports_inline_queries }),
      };
    return rendering.render;
  };
}

/** The grammY bot that answers updates; its API retries as opts.retry says. */
export function updateBot(
  opts: TelegramBotOptions,
  logger: Logger,
  secrets: readonly string[],
  renderer: Renderer,
): Bot<BotContext> {
  const { token, engine, status } = opts;
  const timeoutSeconds = (opts.pollingTimeoutSeconds ?? 30) + 30;
  const bot = new Bot<BotContext>(token, {
    client: { apiRoot: opts.apiRoot ?? 'https://api.telegram.org', timeoutSeconds },
  });
  const onRetry = (info: object): void => logger.info(info, 'retrying a Bot API call');
  bot.api.config.use(retryTransformer({ ...DEFAULT_RETRY, ...opts.retry }, onRetry));
  const deps: HandlerDeps = { engine, status, renderer };
  bot.use(boundary(logger, opts.logIdSecret ?? token, secrets, () => engine.content, opts.storeHealth));
  bot.use(sequentialize((ctx: BotContext) => String(ctx.chat?.id ?? ctx.from?.id ?? '')));
  bot.on('my_chat_member', onMyChatMember(deps));
  bot.on('callback_query', onCallbackQuery(deps));
  bot.on('inline_query', onInlineQuery(deps));
  bot.on(
    ['message:migrate_to_chat_id', 'message:migrate_from_chat_id'],
    onChatMigration(opts.moveConversation),
  );
  bot.on('message', onMessage(deps));
  return bot;
}

/**
 * Every update goes through `handle`, so that `drain` (in stop()) can wait for the ones in flight. `handle`
 * resolves false when the update was not handled because the store was unreachable: it must not be
 * acknowledged (webhook 503, polling offset held).
 */
export function updatesInFlight(
  bot: Bot<BotContext>,
  logger: Logger,
  secrets: readonly string[],
): { readonly handle: (update: Update) => Promise<boolean>; readonly drain: () => Promise<void> } {
  const inFlight = new Set<Promise<boolean>>();
  return {
    handle: (update) => {
      const task = bot.handleUpdate(update).then(
        () => true,
        (err: unknown) => {
          if (err instanceof BotError && err.error instanceof UpdateNotHandled) return false;
          logger.error({ err: errorFields(err, secrets) }, 'update failed outside the error boundary');
          return true;
        },
      );
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
      return task;
    },
    drain: async () => {
      await Promise.all([...inFlight]);
    },
  };
}
