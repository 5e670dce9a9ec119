/**
 * Starting the Telegram bot: getMe (a refused token stops start-up with a clear message), the command menus,
 * then either the webhook (setWebhook; updates arrive on the HTTP server) or long polling (deleteWebhook,
 * then the runner). stop() may abort it at any await.
 */
import { GrammyError, type Bot } from 'grammy';
import type { RunnerHandle } from '@grammyjs/runner';
import type { Update } from 'grammy/types';
import type { Logger } from '../../src/ports/capabilities.js';
import { apiSignal, type BotContext } from './context.js';
import { errorFields } from './log-fields.js';
import { ALLOWED_UPDATES } from './options.js';
import type { StoreHealth } from '../../src/ports/health.js';
import { startPolling } from './polling.js';

export interface ConnectOptions {
  readonly bot: Bot<BotContext>;
  readonly logger: Logger;
  readonly secrets: readonly string[];
  readonly signal: AbortSignal;
  /** Webhook mode: the URL and the secret Telegram sends back; long polling without it. */
  readonly webhook: { readonly url: string; readonly secret: string } | undefined;
  readonly polling: { readonly concurrency: number; readonly timeoutSeconds: number };
  readonly publishCommands: () => Promise<boolean>;
  readonly handleUpdate: (update: Update) => Promise<boolean>;
  /** Polling stops fetching while the store is down after an update failed for lack of it (polling.ts). */
  readonly storeHealth?: StoreHealth | undefined;
}

/** In webhook mode resolves with `accepting` (updates may come in); in polling mode with the runner. */
export async function connect(
  o: ConnectOptions,
): Promise<{ readonly accepting: boolean; readonly runner?: RunnerHandle | undefined }> {
  const { bot, logger, signal } = o;
  // The original error is not passed on as `cause`: a network error's own cause holds the URL, token
  // included. The redacted summary is.
  const failure = await bot.init(apiSignal(signal)).then(
    () => undefined,
    (err: unknown) => err ?? new Error('unknown'),
  );
  if (signal.aborted) return { accepting: false };
  if (failure !== undefined) {
    const cause = errorFields(failure, o.secrets);
    if (failure instanceof GrammyError && failure.error_code === 401)
      throw new Error('Telegram refused the bot token (401 Unauthorized): check TELEGRAM_BOT_TOKEN', {
        cause,
      });
    throw new Error(`Telegram getMe failed: ${JSON.stringify(cause)}`, { cause });
  }
  const me = bot.botInfo;
  const mode = o.webhook ? 'webhook' : 'polling';
  logger.info({ username: me.username, inline: me.supports_inline_queries, mode }, 'telegram bot ready');
  void o.publishCommands();
  if (o.webhook) {
    await bot.api.setWebhook(
      o.webhook.url,
      { secret_token: o.webhook.secret, allowed_updates: [...ALLOWED_UPDATES] },
      apiSignal(signal),
    );
    return { accepting: !signal.aborted };
  }
  try {
    await bot.api.deleteWebhook({}, apiSignal(signal));
  } catch (err) {
    if (signal.aborted) return { accepting: false };
    logger.warn({ err: errorFields(err, o.secrets) }, 'deleteWebhook failed; polling anyway');
  }
  // stop() may have been called while we waited for Telegram.
  if (signal.aborted) return { accepting: false };
  const runner = startPolling(bot, {
    logger,
    concurrency: o.polling.concurrency,
    timeoutSeconds: o.polling.timeoutSeconds,
    allowedUpdates: ALLOWED_UPDATES,
    maxBackoffMs: 30_000,
    secrets: [...o.secrets],
    handleUpdate: o.handleUpdate,
    storeHealth: o.storeHealth,
  });
  return { accepting: false, runner };
}
