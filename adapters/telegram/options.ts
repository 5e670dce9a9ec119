/** What createTelegramBot (bot.ts) is built from, and the update kinds it asks Telegram for. */
import type { EnginePort } from '../../src/ports/engine.js';
import type { ConversationStatus } from '../../src/ports/platform.js';
import type { Logger } from '../../src/ports/capabilities.js';
import type { StoreHealth } from '../../src/ports/health.js';
import type { MarkUpdateSeen } from './dedup.js';
import type { MoveConversation } from './migration.js';
import type { BotApiRetryPolicy } from './retry.js';

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

export const ALLOWED_UPDATES = ['message', 'callback_query', 'inline_query', 'my_chat_member'] as const;
/** Retries inside send() (reminders) unless the options say otherwise. */
export const DEFAULT_SEND_RETRY: BotApiRetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 5_000,
  maxRetryAfterSeconds: 5,
};
