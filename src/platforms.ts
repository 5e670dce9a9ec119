/**
 * The adapter registry: every platform the bot can run on, one entry each. src/app.ts iterates it (no
 * platform is named anywhere else in the core); src/main.ts asks it whether to run the terminal chat.
 *
 * An entry says which configuration values it reads (its slice), when they turn the platform on, its
 * delivery rate for the scheduler, its capabilities (the adapter contract kit reads them too), and how to
 * build it. Building loads the adapter with import(), so only configured platforms load their library: the
 * terminal chat needs neither grammY nor matrix-bot-sdk. With src/app.ts, this is the composition root, the
 * only code in src/ allowed to import() an adapter.
 *
 * Adding a platform: a folder in adapters/, one entry here, and a test that runs tests/contract/adapter-kit.ts
 * (README, "Adding a platform").
 */
import type { Config } from './config.js';
import type { HttpRoute } from './ops/http.js';
import type { Clock, Logger } from './ports/capabilities.js';
import type { StoreHealth } from './ports/health.js';
import type { EnginePort } from './ports/engine.js';
import type { MessageSender, PlatformAdapter, PlatformCapabilities } from './ports/platform.js';
import type { Store } from './ports/store.js';
import type { RateLimit } from './scheduler/rate-limiter.js';

/** What an entry gets to build its adapter: its slice of the configuration, and the core's ports. */
interface PlatformContext<K extends keyof Config> {
  readonly config: Pick<Config, K>;
  readonly engine: EnginePort;
  readonly logger: Logger;
  readonly store: Store;
  readonly clock: Clock;
  /** The store's health: updates that fail while it is down are not acknowledged (src/ops/store-health.ts). */
  readonly storeHealth?: StoreHealth | undefined;
  /** Counts refused webhook requests and updates answered 503 (metrics). */
  readonly onWebhook?: ((event: 'refused' | 'deferred', platform: string) => void) | undefined;
}

/** A built platform: started and stopped with the app, and the scheduler's sender for its conversations. */
export interface RunningPlatform {
  readonly adapter: PlatformAdapter & MessageSender;
  /** Inbound HTTP routes to mount on the app's HTTP server (Telegram's webhook). */
  readonly routes: readonly HttpRoute[];
  /** Called after a content reload (Telegram publishes its command menus again). */
  readonly reloaded?: (() => Promise<unknown>) | undefined;
  /** Resolves when the platform ended by itself (the terminal chat at the end of its input). */
  readonly finished?: (() => Promise<void>) | undefined;
}

export interface PlatformEntry<K extends keyof Config = keyof Config> {
  /** The prefix of its conversation ids ("telegram:<chat>"), its metrics label and its sender's key. */
  readonly name: string;
  readonly capabilities: PlatformCapabilities;
  /**
   * Its slice of the configuration (validated in src/config.ts): the only settings enabled(), rate() and
   * create() can read.
   */
  readonly settings: readonly K[];
  /** Whether the configuration turns it on. The terminal chat is never on by configuration: main.ts picks it. */
  enabled(config: Pick<Config, K>): boolean;
  /** The scheduler's delivery rate for its conversations. */
  rate(config: Pick<Config, K>): RateLimit;
  /** Loads the adapter with import() and builds it. */
  create(ctx: PlatformContext<K>): Promise<RunningPlatform>;
}

/** An entry, its settings inferred from the list it names. */
const entry = <const K extends keyof Config>(e: PlatformEntry<K>): PlatformEntry<K> => e;

const telegram = entry({
  name: 'telegram',
  capabilities: { local: false, rateLimits: true, blocking: true, redelivery: true, lengthLimit: true },
  settings: [
    'TELEGRAM_BOT_TOKEN',
    'TELEGRAM_API_ROOT',
    'TELEGRAM_WEBHOOK_URL',
    'TELEGRAM_WEBHOOK_SECRET',
    'TELEGRAM_RATE_PER_SECOND',
    'TELEGRAM_RATE_PER_CHAT_SECONDS',
    'LOG_ID_SECRET',
  ],
  enabled: (config) => Boolean(config.TELEGRAM_BOT_TOKEN),
  rate: (config) => ({
    perSecond: config.TELEGRAM_RATE_PER_SECOND,
    perChatIntervalMs: config.TELEGRAM_RATE_PER_CHAT_SECONDS * 1000,
  }),
  async create({ config, engine, logger, store, clock, storeHealth, onWebhook }) {
    const { createTelegramBot } = await import('../adapters/telegram/index.js');
    const bot = createTelegramBot({
      token: config.TELEGRAM_BOT_TOKEN!,
      apiRoot: config.TELEGRAM_API_ROOT,
      webhook: config.TELEGRAM_WEBHOOK_URL
        ? { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET }
        : undefined,
      engine,
      logger,
      status: store,
      seenUpdates: (id) => store.markUpdateSeen('telegram', id, clock.now()),
      moveConversation: (from, to) => store.moveConversation(from, to, clock.now()),
      // Reminders are retried by the scheduler, through its rate limiter; the sender itself does not retry.
      sendRetry: { maxRetries: 0 },
      logIdSecret: config.LOG_ID_SECRET,
      storeHealth,
      onWebhook: onWebhook && ((event) => onWebhook(event, 'telegram')),
    });
    return {
      adapter: bot,
      routes: bot.webhookPath ? [{ path: bot.webhookPath, handler: bot.webhookHandler }] : [],
      reloaded: () => bot.publishCommands(),
    };
  },
});

const matrix = entry({
  name: 'matrix',
  capabilities: { local: false, rateLimits: true, blocking: true, redelivery: true, lengthLimit: true },
  settings: [
    'MATRIX_HOMESERVER_URL',
    'MATRIX_ACCESS_TOKEN',
    'MATRIX_ALLOWED_SERVERS',
    'MATRIX_E2EE',
    'MATRIX_RATE_PER_SECOND',
    'MATRIX_RATE_PER_ROOM_SECONDS',
    'DATA_DIR',
    'LOG_ID_SECRET',
  ],
  enabled: (config) => Boolean(config.MATRIX_HOMESERVER_URL && config.MATRIX_ACCESS_TOKEN),
  rate: (config) => ({
    perSecond: config.MATRIX_RATE_PER_SECOND,
    perChatIntervalMs: config.MATRIX_RATE_PER_ROOM_SECONDS * 1000,
  }),
  async create({ config, engine, logger, store, storeHealth }) {
    const { createMatrixBot } = await import('../adapters/matrix/index.js');
    const bot = createMatrixBot({
      homeserverUrl: config.MATRIX_HOMESERVER_URL!,
      accessToken: config.MATRIX_ACCESS_TOKEN!,
      dataDir: config.DATA_DIR,
      allowedServers: config.MATRIX_ALLOWED_SERVERS,
      e2ee: config.MATRIX_E2EE,
      logIdSecret: config.LOG_ID_SECRET,
      engine,
      logger,
      status: store,
      sharedState: store,
      storeHealth,
    });
    return { adapter: bot, routes: [] };
  },
});

const terminal = entry({
  name: 'terminal',
  capabilities: { local: true, rateLimits: false, blocking: false, redelivery: false, lengthLimit: false },
  settings: [],
  enabled: () => false,
  rate: () => ({ perSecond: 100, perChatIntervalMs: 0 }),
  async create({ engine, logger }) {
    const { createTerminalChat } = await import('../adapters/terminal/terminal.js');
    const chat = createTerminalChat(engine, {
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
      logger,
      languageHint: process.env.LANG,
    });
    return { adapter: chat, routes: [], finished: () => chat.finished() };
  },
});

/** Every platform, in start order. */
export const PLATFORMS: readonly PlatformEntry[] = [telegram, matrix, terminal];

/** The terminal chat runs when asked for (TERMINAL=true) or when no platform is configured. */
export function runsTerminalChat(config: Config): boolean {
  return config.TERMINAL || !PLATFORMS.some((p) => p.enabled(config));
}
