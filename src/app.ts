/**
 * Builds the running bot from the configuration: logger → store → content → engine (+ features) →
 * platforms (the adapter registry, src/platforms.ts) → scheduler → HTTP server. Adapters are loaded with
 * import() only when they are configured, so the terminal chat needs no platform library. `start` and `stop`
 * are idempotent.
 */
import { composeDelivery } from './engine/reminder-message.js';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { languagesOf, type Config } from './config.js';
import { ContentError } from './content/errors.js';
import { loadContent } from './content/loader.js';
import type { Content } from './content/types.js';
import { composedAnswers } from './engine/answer-measure.js';
import { Engine } from './engine/engine.js';
import { registerAdmin, StaleContentNotice } from './features/admin.js';
import { registerPrivacy } from './features/privacy.js';
import { registerReminders } from './features/reminders.js';
import { Housekeeping } from './ops/housekeeping.js';
import { startHttpServer, type ReadinessCheck } from './ops/http.js';
import { Metrics } from './ops/metrics.js';
import { metricsServing, startMetricsServer } from './ops/metrics-server.js';
import { StoreWatch, watchStore } from './ops/store-health.js';
import type { WebSite } from './render/web/site.js';
import type { MessageSender } from './ports/platform.js';
import { PLATFORMS, type RunningPlatform } from './platforms.js';
import { systemClock, type Clock, type Logger } from './ports/capabilities.js';
import { syncDeadlines } from './scheduler/planner.js';
import { platformOf } from './ports/conversation.js';
import { Scheduler } from './scheduler/scheduler.js';
import { openStore } from './store/index.js';
import type { Store } from './ports/store.js';

export interface App {
  readonly engine: Engine;
  readonly housekeeping: Housekeeping;
  readonly store: Store;
  readonly scheduler: Scheduler;
  /** Starts adapters, scheduler and HTTP server. */
  start(): Promise<void>;
  /** Stops taking updates, lets in-flight sends finish (bounded), closes the store. Idempotent. */
  stop(): Promise<void>;
  /** Resolves when a platform ended by itself (the terminal chat at the end of its input); else never. */
  ended(): Promise<void>;
  /** Loads the content again; the old content stays if the new one is broken. */
  reload(): Promise<{ ok: true; topics: number; deadlines: number } | { ok: false; error: string }>;
}

export interface AppOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Extra senders (tests: a fake "terminal"); a platform's own sender replaces one of the same name. */
  readonly extraSenders?: readonly MessageSender[];
  /** Run these platforms of the registry (src/platforms.ts) by name; default: the ones the configuration turns on. */
  readonly platforms?: readonly string[];
  /** Use this store instead of opening the configured one (the terminal chat uses an in-memory one). */
  readonly store?: Store;
  /** How long stop() waits for in-flight sends. */
  readonly shutdownGraceMs?: number;
}

export async function createApp(opts: AppOptions): Promise<App> {
  const { config, logger } = opts;
  const clock = opts.clock ?? systemClock;
  const contentDir = resolve(config.CONTENT_DIR);
  let content: Content = loadContent(contentDir, {
    languages: languagesOf(config),
    composed: composedAnswers,
  });
  const opened =
    opts.store ??
    (await openStore({
      dataDir: config.DATA_DIR,
      databaseUrl: config.DATABASE_URL,
      schema: config.DATABASE_SCHEMA,
      logger,
      clock,
    }));
  // Every failed store call is counted, so that adapters can tell "the store went away" from a bug. The probe
  // writes (one short-lived row, overwritten): a store that reads but cannot record an update (disk full, a
  // read-only file) counts as down, like one that cannot be reached.
  const probe = () =>
    opened.putEphemeral(
      'health:probe',
      String(clock.now().getTime()),
      new Date(clock.now().getTime() + 60_000),
    );
  const health = new StoreWatch(probe, logger.child({ component: 'store' }));
  const store = watchStore(opened, () => health.noteFailure());
  const metrics = new Metrics(store, { content: () => content, clock }, health);
  const serveMetrics = metricsServing(config, metrics);
  // The web guide, kept in memory and rebuilt on reload, served by the HTTP server whenever HTTP_PORT is set.
  // Its absolute addresses (canonical, previews, sitemap) come from WEB_BASE_URL; without it the pages are a
  // local preview addressed as http://localhost:<port>, and answers do not link to them. Loaded only when
  // served, like the adapters: the terminal chat needs no QR library.
  const webBase =
    config.WEB_BASE_URL ?? (config.HTTP_PORT ? `http://localhost:${config.HTTP_PORT}` : undefined);
  if (webBase && !config.WEB_BASE_URL)
    logger.warn(
      { webBase },
      'WEB_BASE_URL is not set: the web pages on HTTP_PORT are a local preview; set WEB_BASE_URL to publish them',
    );
  const buildWeb = async (c: Content): Promise<WebSite | undefined> => {
    if (!webBase) return undefined;
    const { buildWebSite } = await import('./render/web/site.js');
    return buildWebSite(c, {
      baseUrl: webBase,
      bots: { telegram: config.TELEGRAM_BOT_USERNAME, matrix: config.MATRIX_BOT_USER_ID },
    });
  };
  let web: WebSite | undefined = await buildWeb(content);

  const engine = new Engine({
    content,
    preferences: store,
    clock,
    webBaseUrl: config.WEB_BASE_URL,
    observer: (event, seconds, replies, failed) => {
      const platform = platformOf(event.conversation) || 'unknown';
      metrics.updates.inc({ platform });
      metrics.latency.observe({ platform }, seconds);
      if (failed) metrics.errors.inc({ platform });
      else metrics.replies.inc({ platform }, replies);
    },
  });

  // The configured platforms, from the registry (src/platforms.ts); each loads its adapter with import().
  const chosen = opts.platforms
    ? PLATFORMS.filter((p) => opts.platforms!.includes(p.name))
    : PLATFORMS.filter((p) => p.enabled(config));
  const platforms: RunningPlatform[] = [];
  const platformOps = {
    storeHealth: health,
    onWebhook: (event: 'refused' | 'deferred', platform: string) =>
      event === 'refused' ? metrics.webhookRefused.inc() : metrics.deferred.inc({ platform }),
  };
  for (const entry of chosen)
    platforms.push(await entry.create({ config, engine, logger, store, clock, ...platformOps }));
  const adapters = platforms.map((p) => p.adapter);
  const senders = new Map<string, MessageSender>();
  for (const sender of [...(opts.extraSenders ?? []), ...adapters]) senders.set(sender.platform, sender);
  const routes = platforms.flatMap((p) => p.routes);

  const scheduler = new Scheduler({
    store,
    content: () => content,
    reminderText: composeDelivery,
    senders,
    limits: Object.fromEntries(PLATFORMS.map((p) => [p.name, p.rate(config)])),
    paid:
      config.TELEGRAM_PAID_BROADCAST && config.TELEGRAM_PAID_MAX_STARS !== undefined
        ? {
            platform: 'telegram',
            perSecond: config.TELEGRAM_PAID_RATE_PER_SECOND,
            maxStars: config.TELEGRAM_PAID_MAX_STARS,
          }
        : undefined,
    clock,
    logger: logger.child({ component: 'scheduler' }),
    onOutcome: (platform, outcome) => metrics.deliveries.inc({ platform, outcome }),
    onTakeover: (released) => (metrics.takeovers.inc(), metrics.claimsReleased.inc(released)),
  });
  const nudge = () => scheduler.nudge();
  const onWave = (recipients: number, what: string) =>
    void scheduler.announceWave('telegram', recipients, what);

  const reload: App['reload'] = async () => {
    try {
      const next = loadContent(contentDir, { languages: languagesOf(config), composed: composedAnswers });
      const nextWeb = await buildWeb(next);
      content = next;
      web = nextWeb;
      engine.reload(next);
      await syncDeadlines(store, next, clock.now(), logger, onWave);
      for (const platform of platforms) await platform.reloaded?.();
      logger.info({ topics: next.topics.size, deadlines: next.deadlines.length }, 'content reloaded');
      return { ok: true, topics: next.topics.size, deadlines: next.deadlines.length };
    } catch (err) {
      const error =
        err instanceof ContentError ? err.message : err instanceof Error ? err.message : String(err);
      logger.error(
        { problems: err instanceof ContentError ? err.issues.length : undefined },
        'content reload failed; keeping the old content',
      );
      return { ok: false, error: error.slice(0, 1500) };
    }
  };

  registerReminders(engine, { store, nudge });
  registerPrivacy(engine, {
    store,
    operator: { name: config.OPERATOR_NAME, contact: config.OPERATOR_CONTACT },
    secret: config.LOG_ID_SECRET,
    retentionDays: config.RETENTION_DAYS,
    local: chosen.every((p) => p.capabilities.local),
  });
  registerAdmin(engine, {
    store,
    admins: config.ADMIN_IDS,
    reload,
    nudge,
    estimateWave: (recipients) => scheduler.estimateWave('telegram', recipients),
    onWave,
  });
  const staleNotice = new StaleContentNotice({
    store,
    admins: config.ADMIN_IDS,
    content: () => content,
    clock,
    staleDays: config.CONTENT_STALE_DAYS,
    nudge,
    logger: logger.child({ component: 'stale-content' }),
  });
  // Every registered command word is reserved from content, so each must have its handler (no drift).
  const unanswered = engine.unhandledCommands();
  if (unanswered.length) throw new Error(`commands without a handler: ${unanswered.join(', ')}`);

  const housekeeping = new Housekeeping(
    store,
    clock,
    config.RETENTION_DAYS,
    logger.child({ component: 'housekeeping' }),
  );
  let server: Server | undefined;
  let metricsServer: Server | undefined;
  let started = false;
  let stopping: Promise<void> | undefined;
  const readiness: ReadinessCheck[] = [
    { name: 'store', check: () => health.reachable() },
    { name: 'adapters', check: () => Promise.resolve(started) },
  ];

  return {
    engine,
    store,
    scheduler,
    housekeeping,
    reload,
    ended() {
      const ending = platforms.flatMap((p) => (p.finished ? [p.finished()] : []));
      return ending.length ? Promise.race(ending) : new Promise<void>(() => undefined);
    },
    async start() {
      if (started) return;
      await syncDeadlines(store, content, clock.now(), logger, onWave);
      const port = config.HTTP_PORT ?? (routes.length ? 8080 : undefined);
      if (port !== undefined)
        server = await startHttpServer({
          port,
          host: config.HTTP_HOST,
          metrics: serveMetrics.where === 'public-port' ? serveMetrics.access : undefined,
          readiness,
          routes,
          web: () => web,
          logger: logger.child({ component: 'http' }),
        });
      if (config.METRICS_PORT !== undefined)
        metricsServer = await startMetricsServer({
          port: config.METRICS_PORT,
          host: config.METRICS_HOST,
          access: serveMetrics.access,
          readiness,
          logger: logger.child({ component: 'metrics' }),
        });
      for (const adapter of adapters) await adapter.start();
      scheduler.start();
      housekeeping.start();
      staleNotice.start();
      started = true;
      logger.info({ platforms: adapters.map((a) => a.platform), store: store.kind }, 'bot started');
    },
    stop() {
      stopping ??= (async () => {
        started = false;
        housekeeping.stop();
        staleNotice.stop();
        const grace = opts.shutdownGraceMs ?? 10_000;
        const bounded = (p: Promise<unknown>, what: string) =>
          Promise.race([
            p.catch((err: unknown) => logger.error({ err }, `${what} failed to stop cleanly`)),
            new Promise((r) => setTimeout(r, grace).unref()),
          ]);
        // The scheduler first: its in-flight sends finish and unstarted claims go back to the outbox while
        // the adapters can still send. Then the adapters stop taking updates and finish their turns.
        await bounded(scheduler.stop(), 'scheduler');
        await Promise.all(adapters.map((a) => bounded(a.stop(), a.platform)));
        for (const s of [server, metricsServer]) if (s) await new Promise<void>((r) => s.close(() => r()));
        await store.close();
        logger.info({}, 'bot stopped');
      })();
      return stopping;
    },
  };
}
