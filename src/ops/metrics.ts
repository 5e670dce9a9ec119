/**
 * Prometheus metrics (prom-client): turns, replies, errors, latency, deliveries, subscribers, and the age
 * of each topic's review (days since its `checked` date).
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
    help: 'Reminder deliveries by outcome (sent, failed, skipped, retry)',
    labelNames: ['platform', 'outcome'] as const,
    registers: [this.registry],
  });

  /** A counter of user turns by platform. */
  private perPlatform(name: string, help: string): Counter<'platform'> {
    return new Counter({ name, help, labelNames: ['platform'] as const, registers: [this.registry] });
  }

  constructor(store: Pick<Store, 'stats'>, content?: ContentSource) {
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
    new Gauge({
      name: 'bot_subscribers',
      help: 'Active subscriptions by platform and language',
      labelNames: ['platform', 'lang'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const s of (await store.stats()).subscribers)
          this.set({ platform: s.platform, lang: s.lang }, s.count);
      },
    });
    new Gauge({
      name: 'bot_deliveries',
      help: 'Deliveries in the outbox by status (due = pending or claimed)',
      labelNames: ['status'] as const,
      registers: [registry],
      async collect() {
        const { deliveries } = await store.stats();
        for (const [status, count] of Object.entries(deliveries)) this.set({ status }, count);
        this.set({ status: 'due' }, deliveries.pending + deliveries.claimed);
      },
    });
  }
}
