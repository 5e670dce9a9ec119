/**
 * Plans deliveries into the durable outbox. Planning is idempotent: every delivery has a unique key, so a
 * pass that is interrupted and run again adds nothing twice.
 *
 * - A deadline new in the content: every subscriber gets one notice that it exists, plus its reminders.
 * - A deadline whose date changed: its pending reminders are cancelled and planned anew (keys carry the date).
 * - A deadline removed from the content: its pending reminders are cancelled.
 * - A new subscriber: reminders for every open deadline whose reminder time is still ahead.
 */
import type { Content, Deadline } from '../content/types.js';
import type { Logger } from '../ports/capabilities.js';
import type { ConversationSettings, NewDelivery, Store } from '../ports/store.js';
import { announceKey, deadlineKey } from './keys.js';
import { DEFAULT_TIMEZONE, reminderDueAt } from './timing.js';

const PAGE = 1000;

/** The reminders one conversation should get for one deadline, from `now` on. */
function remindersFor(
  d: Deadline,
  settings: Pick<ConversationSettings, 'conversation' | 'timezone'>,
  now: Date,
): NewDelivery[] {
  const tz = settings.timezone ?? DEFAULT_TIMEZONE;
  const out: NewDelivery[] = [];
  for (const offset of d.remindDaysBefore) {
    const dueAt = reminderDueAt(d.at, offset, tz);
    // Skip reminders already in the past, and "on the day" reminders that would come after the deadline.
    if (dueAt.getTime() < now.getTime() || dueAt.getTime() >= d.at.getTime()) continue;
    out.push({
      key: deadlineKey(d, offset, settings.conversation),
      conversation: settings.conversation,
      kind: 'deadline',
      ref: d.id,
      offsetDays: offset,
      dueAt,
      notAfter: d.at,
    });
  }
  return out;
}

export async function planForConversation(
  store: Store,
  content: Content,
  settings: ConversationSettings,
  now: Date,
): Promise<number> {
  const deliveries = content.deadlines
    .filter((d) => d.at.getTime() > now.getTime())
    .flatMap((d) => remindersFor(d, settings, now));
  return deliveries.length ? store.enqueue(deliveries) : 0;
}

export interface SyncResult {
  readonly added: string[];
  readonly moved: string[];
  readonly removed: string[];
  readonly planned: number;
}

/** Brings the outbox in line with the content's deadlines. Run at start-up and after a content reload. */
export async function syncDeadlines(
  store: Store,
  content: Content,
  now: Date,
  logger?: Logger,
  /** Told how many announcements of a new deadline were just queued (a wave; see Scheduler.announceWave). */
  onWave?: (recipients: number, ref: string) => void,
): Promise<SyncResult> {
  const known = await store.knownDeadlines();
  const result: SyncResult = { added: [], moved: [], removed: [], planned: 0 };
  let planned = 0;
  for (const d of content.deadlines) {
    const before = known.get(d.id);
    known.delete(d.id);
    if (before === d.at.getTime()) continue;
    if (d.at.getTime() <= now.getTime()) {
      // Past deadlines are history: remember them without telling anyone.
      await store.setKnownDeadline(d.id, d.at.getTime());
      continue;
    }
    if (before === undefined) result.added.push(d.id);
    else {
      result.moved.push(d.id);
      await store.cancelPending({ ref: d.id, kind: 'deadline' });
    }
    /** Telegram chats told of the new deadline now: the wave (paid sending logs its time and cost). */
    let announced = 0;
    planned += await fanOut(store, (s) => {
      if (before === undefined && s.conversation.startsWith('telegram:')) announced++;
      return [
        ...(before === undefined
          ? [
              {
                key: announceKey(d, s.conversation),
                conversation: s.conversation,
                kind: 'announce' as const,
                ref: d.id,
                dueAt: now,
                notAfter: d.at,
              },
            ]
          : []),
        ...remindersFor(d, s, now),
      ];
    });
    if (announced) onWave?.(announced, d.id);
    // Only after every subscriber is planned: a crash before this line re-runs the (idempotent) pass.
    await store.setKnownDeadline(d.id, d.at.getTime());
  }
  for (const id of known.keys()) {
    result.removed.push(id);
    await store.cancelPending({ ref: id });
    await store.removeKnownDeadline(id);
  }
  if (result.added.length || result.moved.length || result.removed.length) {
    logger?.info(
      { added: result.added, moved: result.moved, removed: result.removed, planned },
      'deadlines synchronised',
    );
  }
  return { ...result, planned };
}

/** Pages through all subscribers and enqueues what `plan` returns for each. */
export async function fanOut(
  store: Store,
  plan: (s: ConversationSettings) => NewDelivery[],
): Promise<number> {
  let after: string | undefined;
  let total = 0;
  for (;;) {
    const page = await store.listSubscribers(after, PAGE);
    if (!page.length) return total;
    const batch = page.flatMap(plan);
    if (batch.length) total += await store.enqueue(batch);
    after = page[page.length - 1]!.conversation;
  }
}
