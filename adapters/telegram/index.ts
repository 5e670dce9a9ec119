/**
 * The Telegram adapter's public surface. Wiring in src/main.ts, when TELEGRAM_BOT_TOKEN is set:
 *
 *   const telegram = createTelegramBot({
 *     token: config.TELEGRAM_BOT_TOKEN,
 *     apiRoot: config.TELEGRAM_API_ROOT,
 *     webhook: config.TELEGRAM_WEBHOOK_URL ? { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET } : undefined,
 *     engine, logger, status: store,
 *     seenUpdates: (id) => store.markUpdateSeen('telegram', id, clock.now()),
 *   });
 *   if (telegram.webhookPath) http.route('POST', telegram.webhookPath, telegram.webhookHandler);
 *   await telegram.start();          // getMe, command menus (in the background), then polling or setWebhook
 *   scheduler.addSender(telegram);   // MessageSender for "telegram:<chat>" conversations
 *   onShutdown(() => telegram.stop());
 */
export { createTelegramBot, ALLOWED_UPDATES, type TelegramBot, type TelegramBotOptions } from './bot.js';
export { memorySeenUpdates, type MarkUpdateSeen } from './dedup.js';
export { renderReply, type RenderedReply } from './render.js';
export { deriveWebhookSecret, SECRET_HEADER } from './webhook.js';
export type { RetryPolicy } from './retry.js';
