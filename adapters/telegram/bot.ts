/**
 * createTelegramBot: the engine as a Telegram bot. One factory with explicit dependencies; it returns the
 * adapter (start/stop), the reminder sender (send) and, for webhook mode, the HTTP handler to mount.
 */
import { setMaxListeners } from 'node:events';
import { Api, Bot, BotError, GrammyError } from 'grammy';
import { sequentialize, type RunnerHandle } from '@grammyjs/runner';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { EnginePort } from '../../src/ports/engine.js';
import type { Reply } from '../../src/message/model.js';
import type { ConversationStatus, MessageSender, PlatformAdapter } from '../../src/ports/platform.js';
import type { Logger } from '../../src/ports/capabilities.js';
import type { StoreHealth } from '../../src/ports/health.js';
import { boundary, UpdateNotHandled } from './boundary.js';
import { onCallbackQuery } from './callbacks.js';
import { publishCommands } from './commands.js';
import { apiSignal, PLATFORM, type BotContext, type HandlerDeps } from './context.js';
import { memorySeenUpdates, type MarkUpdateSeen } from './dedup.js';
import { errorFields } from './log-fields.js';
import { onInlineQuery } from './inline.js';
import { onMyChatMember } from './membership.js';
import { onMessage } from './messages.js';
import { startPolling } from './polling.js';
import { cachedRenderer, type RenderedReply } from './render.js';
import { DEFAULT_RETRY, retryTransformer, type BotApiRetryPolicy } from './retry.js';
import { onChatMigration, type MoveConversation } from './migration.js';
import { createSend } from './sender.js';
import {
  DEFAULT_MAX_BODY_BYTES,
  deriveWebhookSecret,
  webhookHandler,
  type RequestHandler,
} from './webhook.js';

export interface TelegramBotOptions {
  /** From @BotFather (TELEGRAM_BOT_TOKEN). Never logged. */
  readonly token: string;
  /** TELEGRAM_API_ROOT, without a trailing slash. Default https://api.telegram.org. */
  readonly apiRoot?: string | undefined;
  /** Webhook mode (TELEGRAM_WEBHOOK_URL, TELEGRAM_WEBHOOK_SECRET); long polling without it. */
  readonly webhook?: { readonly url: string; readonly secret?: string | undefined } | undefined;
  readonly engine: EnginePort;
  readonly logger: Logger;
  readonly status: ConversationStatus;
  /** Webhook redelivery check; default in memory. The store's: (id) => store.markUpdateSeen('telegram', id, now). */
  readonly seenUpdates?: MarkUpdateSeen | undefined;
  /** Retries of Bot API calls in user turns. */
  readonly retry?: Partial<BotApiRetryPolicy> | undefined;
  /** Retries inside send() (reminders); kept short, the scheduler retries with its own backoff. */
  readonly sendRetry?: Partial<BotApiRetryPolicy> | undefined;
  /** Updates handled at once in polling mode. Default 200. */
  readonly concurrency?: number | undefined;
  readonly pollingTimeoutSeconds?: number | undefined;
  readonly maxBodyBytes?: number | undefined;
  /** Key for hashing chat ids in logs (LOG_ID_SECRET); default: derived from the token. */
  readonly logIdSecret?: string | undefined;
  /** Moves a chat's stored settings to its new id when a group becomes a supergroup (Store.moveConversation). */
  readonly moveConversation?: MoveConversation | undefined;
  /** The store's health: an update that fails while the store is down is not acknowledged (comes again). */
  readonly storeHealth?: StoreHealth | undefined;
  /** Counts refused webhook requests (wrong or missing secret) and updates answered 503 (store down). */
  readonly onWebhook?: ((event: 'refused' | 'deferred') => void) | undefined;
}

export interface TelegramBot extends PlatformAdapter, MessageSender {
  readonly mode: 'polling' | 'webhook';
  /** node:http handler for the webhook (mount it at webhookPath); answers 503 until started. */
  readonly webhookHandler: RequestHandler;
  /** Path of TELEGRAM_WEBHOOK_URL, e.g. "/telegram/webhook"; undefined in polling mode. */
  readonly webhookPath: string | undefined;
  /** The bot's @username (without "@") once started. */
  readonly username: string | undefined;
  /** Publishes the command menus again, e.g. after a content reload. Never throws. */
  publishCommands(): Promise<boolean>;
}

export const ALLOWED_UPDATES = ['message', 'callback_query', 'inline_query', 'my_chat_member'] as const;
const DEFAULT_SEND_RETRY: BotApiRetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 5_000,
  maxRetryAfterSeconds: 5,
};

export function createTelegramBot(opts: TelegramBotOptions): TelegramBot {
  const { token, engine, status } = opts;
  const apiRoot = opts.apiRoot ?? 'https://api.telegram.org';
  const logger = opts.logger.child({ platform: PLATFORM });
  const secrets = [token];
  const pollingTimeout = opts.pollingTimeoutSeconds ?? 30;
  const onRetry = (info: object): void => logger.info(info, 'retrying a Bot API call');

  const bot = new Bot<BotContext>(token, { client: { apiRoot, timeoutSeconds: pollingTimeout + 30 } });
  bot.api.config.use(retryTransformer({ ...DEFAULT_RETRY, ...opts.retry }, onRetry));
  const senderApi = new Api(token, { apiRoot, timeoutSeconds: 30 });
  senderApi.config.use(retryTransformer({ ...DEFAULT_SEND_RETRY, ...opts.sendRetry }, onRetry));

  let rendering: { me: UserFromGetMe; render: (reply: Reply) => RenderedReply } | undefined;
  const renderer = (me: UserFromGetMe): ((reply: Reply) => RenderedReply) => {
    if (rendering?.me !== me)
      rendering = {
        me,
        render: cachedRenderer({ username: me.username, inline: me.supports_inline_queries }),
      };
    return rendering.render;
  };
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

  const background = new AbortController();
  // Every send in flight listens on this signal (dozens during a reminder fan-out): not a leak.
  setMaxListeners(0, background.signal);
  const inFlight = new Set<Promise<boolean>>();
  let runner: RunnerHandle | undefined;
  let accepting = false;
  let started: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;

  /**
   * Every update goes through here, so that stop() can wait for the ones in flight. Resolves false when the
   * update was not handled because the store was unreachable: it must not be acknowledged.
   */
  const handleUpdate = (update: Update): Promise<boolean> => {
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
  };

  const commands = (): Promise<boolean> =>
    publishCommands(bot.api, engine.content, logger, background.signal);

  async function init(): Promise<void> {
    // The original error is not passed on as `cause`: a network error's own cause holds the URL, token
    // included. The redacted summary is.
    const { signal } = background;
    const failure = await bot.init(apiSignal(signal)).then(
      () => undefined,
      (err: unknown) => err ?? new Error('unknown'),
    );
    if (signal.aborted) return;
    if (failure !== undefined) {
      const cause = errorFields(failure, secrets);
      if (failure instanceof GrammyError && failure.error_code === 401)
        throw new Error('Telegram refused the bot token (401 Unauthorized): check TELEGRAM_BOT_TOKEN', {
          cause,
        });
      throw new Error(`Telegram getMe failed: ${JSON.stringify(cause)}`, { cause });
    }
    const me = bot.botInfo;
    logger.info(
      {
        username: me.username,
        inline: me.supports_inline_queries,
        mode: opts.webhook ? 'webhook' : 'polling',
      },
      'telegram bot ready',
    );
    void commands();
    if (opts.webhook) {
      const secret = opts.webhook.secret ?? deriveWebhookSecret(token);
      await bot.api.setWebhook(
        opts.webhook.url,
        { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] },
        apiSignal(signal),
      );
      accepting = !signal.aborted;
      return;
    }
    try {
      await bot.api.deleteWebhook({}, apiSignal(signal));
    } catch (err) {
      if (signal.aborted) return;
      logger.warn({ err: errorFields(err, secrets) }, 'deleteWebhook failed; polling anyway');
    }
    // stop() may have been called while we waited for Telegram.
    if (signal.aborted) return;
    runner = startPolling(bot, {
      logger,
      concurrency: opts.concurrency ?? 200,
      timeoutSeconds: pollingTimeout,
      allowedUpdates: ALLOWED_UPDATES,
      maxBackoffMs: 30_000,
      secrets,
      handleUpdate,
      storeHealth: opts.storeHealth,
    });
  }

  return {
    platform: PLATFORM,
    mode: opts.webhook ? 'webhook' : 'polling',
    webhookPath: opts.webhook ? new URL(opts.webhook.url).pathname : undefined,
    get username() {
      return bot.isInited() ? bot.botInfo.username : undefined;
    },
    webhookHandler: webhookHandler({
      secret: opts.webhook?.secret ?? deriveWebhookSecret(token),
      maxBodyBytes: opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      seen: opts.seenUpdates ?? memorySeenUpdates(),
      handle: handleUpdate,
      accepting: () => accepting && Boolean(opts.webhook),
      storeHealth: opts.storeHealth,
      onEvent: opts.onWebhook,
      logger,
    }),
    start: () => (started ??= init()),
    stop: () =>
      (stopped ??= (async () => {
        accepting = false;
        background.abort();
        await started?.catch(() => undefined);
        await runner?.stop();
        await Promise.all([...inFlight]);
        logger.info({}, 'telegram bot stopped');
      })()),
    send: createSend({
      api: senderApi,
      status,
      move: opts.moveConversation,
      render: () => (bot.isInited() ? renderer(bot.botInfo) : undefined),
      signal: background.signal,
    }),
    publishCommands: commands,
  };
}
