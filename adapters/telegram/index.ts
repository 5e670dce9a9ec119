/** The Telegram adapter's public surface, for src/main.ts and the benchmark. */
export { createTelegramBot, ALLOWED_UPDATES, type TelegramBot, type TelegramBotOptions } from './bot.js';
export { memorySeenUpdates, type MarkUpdateSeen } from './dedup.js';
export { renderReply, type RenderedReply } from './render.js';
export { deriveWebhookSecret, SECRET_HEADER } from './webhook.js';
export type { RetryPolicy } from './retry.js';
