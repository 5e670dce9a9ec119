/** A scheduler that sends through a real Telegram adapter, on the given clock: for end-to-end reminder tests. */
import { composeDelivery } from '../../src/engine/reminder-message.js';
import type { Content } from '../../src/content/types.js';
import { silentLogger } from '../../src/logger.js';
import type { Clock } from '../../src/ports/capabilities.js';
import type { MessageSender } from '../../src/ports/platform.js';
import type { Store } from '../../src/ports/store.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';

export function telegramScheduler(
  store: Store,
  content: () => Content,
  sender: MessageSender,
  clock: Clock,
): Scheduler {
  return new Scheduler({
    store,
    content,
    reminderText: composeDelivery,
    senders: new Map([['telegram', sender]]),
    limits: { telegram: { perSecond: 30, perChatIntervalMs: 0 } },
    clock,
    logger: silentLogger,
  });
}
