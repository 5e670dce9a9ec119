/**
 * Several bot processes on one PostgreSQL: two schedulers (two pools, two owners) share one outbox. One of them
 * holds the sender lock and sends (so the rate limit holds for the bot as a whole); when it stops, the other
 * takes over at once, and every reminder arrives exactly once.
 */
import { composeDelivery } from '../../src/engine/reminder-message.js';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { systemClock } from '../../src/ports/capabilities.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { FakeSender } from '../helpers/fake-sender.js';
import { contentWith, FUTURE_DEADLINE } from './setup.js';
import { closeAdminPool, dropSchema, openPg, uniqueName } from '../store/pg-harness.js';
import { daytimeZone } from '../drills/support.js';

afterAll(closeAdminPool);

describe('two schedulers on one PostgreSQL', () => {
  it(
    'one sends at a time, the other takes over when it stops; each of 1,000 reminders arrives once',
    { timeout: 60_000 },
    async () => {
      const schema = uniqueName('two_schedulers');
      const [a, b] = [await openPg(schema), await openPg(schema)];
      try {
        const zone = daytimeZone();
        const now = new Date();
        for (let i = 0; i < 1000; i++) {
          await a.subscribe(`test:${i}`);
          await a.setTimezone(`test:${i}`, zone);
        }
        await a.enqueue(
          Array.from({ length: 1000 }, (_, i) => ({
            key: `b:two:${i}`,
            conversation: `test:${i}`,
            kind: 'broadcast' as const,
            ref: 'two',
            dueAt: now,
            payload: 'Hallo',
          })),
        );
        const content = contentWith(FUTURE_DEADLINE);
        const senders = [new FakeSender('test', systemClock), new FakeSender('test', systemClock)];
        const schedulers = [a, b].map(
          (store, i) =>
            new Scheduler({
              store,
              content: () => content,
              reminderText: composeDelivery,
              senders: new Map([['test', senders[i]!]]),
              limits: { test: { perSecond: 2000, perChatIntervalMs: 0 } },
              clock: systemClock,
              logger: silentLogger,
              batchSize: 50,
              concurrency: 8,
            }),
        );
        const waitFor = async (what: () => boolean) => {
          const deadline = Date.now() + 45_000;
          while (!what() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        };
        const sent = () => senders[0]!.sent.length + senders[1]!.sent.length;
        schedulers[0]!.start();
        await waitFor(() => sent() >= 300);
        schedulers[1]!.start();
        await waitFor(() => sent() >= 500);
        // The second one waits: the first holds the sender lock.
        expect(senders[1]!.sent).toHaveLength(0);
        expect(schedulers[1]!.isSender).toBe(false);
        await schedulers[0]!.stop();
        await waitFor(() => sent() >= 1000);
        await schedulers[1]!.stop();
        const all = [...senders[0]!.sent, ...senders[1]!.sent].map((m) => m.conversation);
        expect(all).toHaveLength(1000);
        expect(new Set(all).size).toBe(1000);
        expect(senders[1]!.sent.length).toBeGreaterThan(0);
        expect((await a.stats()).deliveries.sent).toBe(1000);
      } finally {
        await a.close();
        await b.close();
        await dropSchema(schema);
      }
    },
  );
});
