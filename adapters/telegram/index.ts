/**
 * The Telegram adapter's public surface, for its entry in the adapter registry (src/platforms.ts). When
 * TELEGRAM_BOT_TOKEN is set, the entry loads this module with import() and calls createTelegramBot({token,
 * apiRoot, webhook, engine, logger, status, seenUpdates, sendRetry, logIdSecret}). The bot is both a
 * PlatformAdapter (start/stop: getMe, command menus, then polling or setWebhook) and the MessageSender the
 * scheduler uses for "telegram:<chat>" conversations; in webhook mode the entry hands `webhookHandler` at
 * `webhookPath` to the HTTP server as a route.
 */
export { createTelegramBot, ALLOWED_UPDATES, type TelegramBot, type TelegramBotOptions } from './bot.js';
export { deriveWebhookSecret, SECRET_HEADER } from './webhook.js';
