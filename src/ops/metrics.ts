/**
 * Prometheus metrics (prom-client): turns, replies, errors, latency, deliveries, subscribers, the age
 * of each topic's review (days since its `checked` date), whether the store answers, updates left
 * unacknowledged while it did not, refused webhook requests and sender takeovers. deploy/grafana and
 * deploy/prometheus name these; tests/ops/monitoring.test.ts checks that every name they use exists.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { topicAges } from '../content/staleness.js';
import type { Content } from '../content/types.js';
import type { Clock } from '../ports/capabilities.js';
import type { Store } from '../ports/store.js';

export interface ContentSource {
  /** The content in use (it changes on reload). */
  readonly content: () => Content;
  readonly clock: Clock;
}

export class Metrics {
  readonly registry = new Registry();
  readonly updates = this.perPlatform('bot_updates_total', 'User turns handled');
  readonly replies = this.perPlatform('bot_replies_total', 'Replies produced in user turns');
  readonly errors = this.perPlatform('bot_errors_total', 'User turns that failed unexpectedly');
  readonly latency = new Histogram({
    name: 'bot_turn_seconds',
    help: 'Time the engine took to answer a turn',
    labelNames: ['platform'] as const,
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1],
    registers: [this.registry],
  });
  readonly deliveries = new Counter({
    name: 'bot_deliveries_total',
    help: 'Reminder deliveries by outcome (sent, failed, skipped, retry; rate_limited: the platform answered 429)',
    labelNames: ['platform', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly deferred = new Counter({
    name: 'bot_updates_deferred_total',
    help: 'Updates left unacknowledged because the store was unreachable (the platform delivers them again)',
    labelNames: ['platform'] as const,
    registers: [this.registry],
  });
  readonly webhookRefused = new Counter({
    name: 'bot_webhook_refused_total',
    help: 'Webhook requests refused for a wrong or missing secret',
    registers: [this.registry],
  });
  readonly takeovers = new Counter({
    name: 'bot_sender_takeovers_total',
    help: 'Times this process became the sender (start-up included)',
    registers: [this.registry],
  });
  readonly claimsReleased = new Counter({
    name: 'bot_sender_claims_released_total',
    help: 'Claims of another (dead) process handed back to the outbox on a takeover (their lease taken over)',
    registers: [this.registry],
  });

  /** A counter of user turns by platform. */
  private perPlatform(name: string, help: string): Counter<'platform'> {
    return new Counter({ name, help, labelNames: ['platform'] as const, registers: [this.registry] });
  }

  constructor(
    store: Pick<Store, 'stats'>,
    content?: ContentSource,
    health?: { reachable(): Promise<boolean> },
  ) {
    collectDefaultMetrics({ register: this.registry });
    const registry = this.registry;
    if (content)
      new Gauge({
        name: 'bot_content_age_days',
        help: 'Days since each topic was last reviewed against its sources (its "checked" date)',
        labelNames: ['topic', 'lang'] as const,
        registers: [registry],
        collect() {
          this.reset();
          for (const a of topicAges(content.content(), content.clock.now()))
            this.set({ topic: a.topic, lang: a.lang }, a.days);
        },
      });
    if (health)
      new Gauge({
        name: 'bot_store_up',
        help: 'Whether the store answered a ping (1) or not (0)',
        registers: [registry],
        async collect() {
          this.set((await health.reachable()) ? 1 : 0);
        },
      });
    new Gauge({
      name: 'bot_subscribers',
      help: 'Active subscriptions by platform and language',
      labelNames: ['platform', 'lang'] as const,
      registers: [registry],
      async collect() {
        // While the store is down the last values stay, and the other metrics (bot_store_up) still show.
        const stats = await store.stats().catch(() => undefined);
        if (!stats) return;
        this.reset();
        for (const s of stats.subscribers) this.set({ platform: s.platform, lang: s.lang }, s.count);
      },
    });
    new Gauge({
      name: 'bot_deliveries',
      help: 'Deliveries in the outbox by status (due = pending or claimed)',
      labelNames: ['status'] as const,
      registers: [registry],
      async collect() {
        const stats = await store.stats().catch(() => undefined);
        if (!stats) return;
        const { deliveries } = stats;
        for (const [status, count] of Object.entries(deliveries)) this.set({ status }, count);
        this.set({ status: 'due' }, deliveries.pending + deliveries.claimed);
      },
    });
  }
}
