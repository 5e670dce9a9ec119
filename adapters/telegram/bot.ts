/**
 * createTelegramBot: the engine as a Telegram bot. One factory with explicit dependencies; it returns the
 * adapter (start/stop), the reminder sender (send) and, for webhook mode, the HTTP handler to mount. The parts:
 * updates.ts (the grammY bot and its handlers), lifecycle.ts (getMe, menus, webhook or polling), sender.ts
 * (reminders), webhook.ts (the HTTP handler).
 */
import { setMaxListeners } from 'node:events';
import { Api } from 'grammy';
import type { RunnerHandle } from '@grammyjs/runner';
import type { Logger } from '../../src/ports/capabilities.js';
import type { MessageSender, PlatformAdapter } from '../../src/ports/platform.js';
import { publishCommands } from './commands.js';
import { PLATFORM } from './context.js';
import { memorySeenUpdates } from './dedup.js';
import { connect } from './lifecycle.js';
import { DEFAULT_SEND_RETRY, type TelegramBotOptions } from './options.js';
import { retryTransformer } from './retry.js';
import { createSend } from './sender.js';
import { botRenderer, updateBot, updatesInFlight } from './updates.js';
import {
  DEFAULT_MAX_BODY_BYTES,
  deriveWebhookSecret,
  webhookHandler,
  type RequestHandler,
} from './webhook.js';

export { ALLOWED_UPDATES, type TelegramBotOptions } from './options.js';

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

export function createTelegramBot(opts: TelegramBotOptions): TelegramBot {
  const { token } = opts;
  const logger = opts.logger.child({ platform: PLATFORM });
  const secrets = [token];
  const renderer = botRenderer();
  const bot = updateBot(opts, logger, secrets, renderer);
  const updates = updatesInFlight(bot, logger, secrets);

  const background = new AbortController();
  // Every send in flight listens on this signal (dozens during a reminder fan-out): not a leak.
  setMaxListeners(0, background.signal);
  const secret = opts.webhook?.secret ?? deriveWebhookSecret(token);
  const commands = (): Promise<boolean> =>
    publishCommands(bot.api, opts.engine.content, logger, background.signal);
  let runner: RunnerHandle | undefined;
  let accepting = false;
  let started: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;
  const webhook = opts.webhook ? { url: opts.webhook.url, secret } : undefined;
  const polling = { concurrency: opts.concurrency ?? 200, timeoutSeconds: opts.pollingTimeoutSeconds ?? 30 };
  const start = (): Promise<void> =>
    connect({
      bot,
      logger,
      secrets,
      signal: background.signal,
      webhook,
      polling,
      handleUpdate: updates.handle,
      publishCommands: commands,
      storeHealth: opts.storeHealth,
    }).then((connected) => {
      accepting = connected.accepting;
      runner = connected.runner;
    });

  return {
    platform: PLATFORM,
    mode: opts.webhook ? 'webhook' : 'polling',
    webhookPath: opts.webhook ? new URL(opts.webhook.url).pathname : undefined,
    get username() {
      return bot.isInited() ? bot.botInfo.username : undefined;
    },
    webhookHandler: webhookHandler({
      secret,
      maxBodyBytes: opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      seen: opts.seenUpdates ?? memorySeenUpdates(),
      handle: updates.handle,
      accepting: () => accepting && Boolean(opts.webhook),
      storeHealth: opts.storeHealth,
      onEvent: opts.onWebhook,
      logger,
    }),
    start: () => (started ??= start()),
    stop: () =>
      (stopped ??= (async () => {
        accepting = false;
        background.abort();
        await started?.catch(() => undefined);
        await runner?.stop();
        await updates.drain();
        logger.info({}, 'telegram bot stopped');
      })()),
    send: createSend({
      api: senderApi(opts, logger),
      status: opts.status,
      move: opts.moveConversation,
      render: () => (bot.isInited() ? renderer(bot.botInfo) : undefined),
      signal: background.signal,
    }),
    publishCommands: commands,
  };
}

/** The API the reminder sender uses, with its own short retry policy (the scheduler retries with its own backoff). */
function senderApi(opts: TelegramBotOptions, logger: Logger): Api {
  const api = new Api(opts.token, {
    apiRoot: opts.apiRoot ?? 'https://api.telegram.org',
    timeoutSeconds: 30,
  });
  const onRetry = (info: object): void => logger.info(info, 'retrying a Bot API call');
  api.config.use(retryTransformer({ ...DEFAULT_SEND_RETRY, ...opts.sendRetry }, onRetry));
  return api;
}
