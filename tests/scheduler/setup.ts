/** A reminders test bed: real SQLite store, content with a future deadline, engine, scheduler, fake sender. */
import { composeDelivery } from '../../src/engine/reminder-message.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Content } from '../../src/content/types.js';
import { Engine } from '../../src/engine/engine.js';
import { registerReminders } from '../../src/features/reminders.js';
import { silentLogger } from '../../src/logger.js';
import { Scheduler, type SchedulerOptions } from '../../src/scheduler/scheduler.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/ports/store.js';
import { contentWith, FUTURE_DEADLINE } from '../helpers/content.js';
import { FakeSender } from '../helpers/fake-sender.js';
import { VirtualTime } from '../helpers/virtual-time.js';

// Moved to tests/helpers/content.ts; re-exported for the scheduler tests.
export { contentWith, FUTURE_DEADLINE };

export interface Bed {
  readonly vt: VirtualTime;
  readonly store: Store;
  readonly engine: Engine;
  readonly sender: FakeSender;
  scheduler: Scheduler;
  content: Content;
  say(conversation: string, text: string): Promise<void>;
  press(conversation: string, action: string): Promise<void>;
  /** Runs the scheduler on virtual time until `until`, claiming whatever becomes due. */
  runUntil(until: string | Date): Promise<void>;
  dispose(): Promise<void>;
}

export function makeBed(
  opts: { start?: string; store?: Store; content?: Content; scheduler?: Partial<SchedulerOptions> } = {},
): Promise<Bed> {
  const vt = new VirtualTime(opts.start ?? '2027-01-01T08:00:00Z');
  const dir = mkdtempSync(join(tmpdir(), 'sched-'));
  const store = opts.store ?? new SqliteStore(join(dir, 'bot.sqlite'), { clock: vt });
  const sender = new FakeSender('test', vt);
  const bed: Bed = {
    vt,
    store,
    sender,
    content: opts.content ?? contentWith(FUTURE_DEADLINE),
    engine: undefined as unknown as Engine,
    scheduler: undefined as unknown as Scheduler,
    async say(conversation, text) {
      await bed.engine.handle({ conversation, text });
    },
    async press(conversation, action) {
      await bed.engine.handle({ conversation, action });
    },
    async runUntil(until) {
      const end = new Date(until).getTime();
      for (;;) {
        const next = await store.nextDue();
        if (!next || next.getTime() > end) break;
        if (next.getTime() > vt.now().getTime()) vt.set(next);
        await vt.drive(bed.scheduler.runOnce('test'));
      }
      if (vt.now().getTime() < end) vt.set(new Date(end));
    },
    async dispose() {
      await bed.scheduler.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const engine = new Engine({ content: bed.content, preferences: store, clock: vt });
  registerReminders(engine, { store, nudge: () => undefined });
  (bed as { engine: Engine }).engine = engine;
  bed.scheduler = new Scheduler({
    store,
    content: () => bed.content,
    reminderText: composeDelivery,
    senders: new Map([['test', sender]]),
    limits: { test: { perSecond: 30, perChatIntervalMs: 1000 } },
    clock: vt,
    sleep: vt.sleep,
    logger: silentLogger,
    ...opts.scheduler,
  });
  return Promise.resolve(bed);
}
