/** Prometheus metrics (prom-client): turns, replies, errors, latency, deliveries, subscribers. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Store } from '../ports/store.js';

export class Metrics {
  readonly registry = new Registry();
  readonly updates = new Counter({
    name: 'bot_updates_total',
    help: 'User turns handled',
    labelNames: ['platform'] as const,
    registers: [this.registry],
  });
  readonly replies = new Counter({
    name: 'bot_replies_total',
    help: 'Replies produced in user turns',
    labelNames: ['platform'] as const,
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'bot_errors_total',
    help: 'User turns that failed unexpectedly',
    labelNames: ['platform'] as const,
    registers: [this.registry],
  });
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

  constructor(store: Pick<Store, 'stats'>) {
    collectDefaultMetrics({ register: this.registry });
    const registry = this.registry;
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
