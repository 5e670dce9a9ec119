/**
 * The Stars budget across processes on PostgreSQL: two schedulers on one schema, the first stops half-way and
 * the second takes over. Together they pay for exactly the budget (the first hands its unused reservation
 * back), the rest goes out free, and each delivery arrives once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/message/model.js';
import { silentLogger } from '../../src/logger.js';
import { systemClock } from '../../src/ports/capabilities.js';
import type { MessageSender, SendOptions } from '../../src/ports/platform.js';
import { composeDelivery } from '../../src/engine/reminder-message.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { daytimeZone } from '../drills/support.js';
import { closeAdminPool, dropSchema, openPg, uniqueName } from '../store/pg-harness.js';
import { contentWith } from './setup.js';
import { waitFor } from '../helpers/wait.js';

afterAll(closeAdminPool);

/** A Telegram-like sender that records, per delivery, whether it was sent paid. */
class PaidRecorder implements MessageSender {
  readonly platform = 'telegram';
  readonly sent: { conversation: string; paid: boolean }[] = [];
  send(conversation: string, _reply: Reply, _key: string, options?: SendOptions): Promise<void> {
    this.sent.push({ conversation, paid: options?.paid?.(1) ?? false });
    return Promise.resolve();
  }
}

describe('the paid budget on PostgreSQL', () => {
  it(
    'holds across a takeover: the two processes pay for the budget exactly, the rest goes free, each once',
    {
      timeout: 60_000,
    },
    async () => {
      const schema = uniqueName('paid_budget');
      const [a, b] = [await openPg(schema), await openPg(schema)];
      try {
        const zone = daytimeZone();
        const n = 300;
        for (let i = 0; i < n; i++) {
          await a.subscribe(`telegram:${i}`);
          await a.setTimezone(`telegram:${i}`, zone);
        }
        await a.enqueue(
          Array.from({ length: n }, (_, i) => ({
            key: `b:paid:${i}`,
            conversation: `telegram:${i}`,
            kind: 'broadcast' as const,
            ref: 'paid',
            dueAt: new Date(),
            payload: 'Hallo',
          })),
        );
        const content = contentWith('');
        const sender = new PaidRecorder();
        const scheduler = (store: typeof a) =>
          new Scheduler({
            store,
            content: () => content,
            reminderText: composeDelivery,
            senders: new Map([['telegram', sender]]),
            limits: { telegram: { perSecond: 100, perChatIntervalMs: 0 } },
            paid: { platform: 'telegram', perSecond: 400, maxStars: 20 }, // 200 paid messages
            clock: systemClock,
            logger: silentLogger,
            leaderPollMs: 50,
          });
        const first = scheduler(a);
        first.start();
        await waitFor(() => sender.sent.length >= 60, 'the first 60 sends');
        await first.stop();
        const second = scheduler(b);
        second.start();
        await waitFor(() => sender.sent.length >= n, 'every send', 60_000);
        await second.stop();
        expect(new Set(sender.sent.map((s) => s.conversation)).size).toBe(n);
        expect(sender.sent).toHaveLength(n);
        expect(sender.sent.filter((s) => s.paid)).toHaveLength(200);
        const month = new Date().toISOString().slice(0, 7);
        expect(await b.getEphemeral(`paid:telegram:${month}`, new Date())).toBe('200');
      } finally {
        await a.close();
        await b.close();
        await dropSchema(schema);
      }
    },
  );
});
