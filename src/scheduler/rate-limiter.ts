/**
 * Paces sends for one platform: at most `perSecond` in any sliding second (plus a small safety margin for
 * network jitter) and one per `perChatIntervalMs` per chat, spread evenly rather than in bursts. A 429 pauses
 * the whole platform queue. Waiters are served first come, first served by a single pump, so there is one
 * timer however many sends wait. Time comes from the injected clock and waiting from the injected sleep:
 * tests never wait on wall time.
 *
 * Paid sends (Telegram's allow_paid_broadcast) have a rate of their own, `paidPerSecond`. Both tiers are counted
 * in the same window: a free send waits until the last second holds fewer sends of any kind than the free
 * limit, so the switch from paid to free (budget or Stars used up) cannot burst past the free limit.
 */
import type { Clock } from '../ports/capabilities.js';

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RateLimit {
  readonly perSecond: number;
  readonly perChatIntervalMs: number;
  /** The rate of paid sends (acquire(…, true)); without it a paid acquire is paced like a free one. */
  readonly paidPerSecond?: number | undefined;
}

interface Tier {
  readonly capacity: number;
  readonly interval: number;
}

function tier(perSecond: number): Tier {
  return {
    // One slot of the window kept free as well: sends that leave on time can still arrive bunched (a busy event
    // loop, a new connection), and at a small limit such as 30/s the pace alone leaves less than one send of room.
    capacity: Math.max(1, Math.floor(perSecond) - (perSecond >= 2 ? 1 : 0)),
    interval: 1000 / (perSecond * PACE),
  };
}

/** Extra room on the one-second window, so jitter on the way to the platform cannot tip it over its limit. */
const WINDOW_MS = 1025;
/**
 * Sends are spaced for this share of the limit: evenly spaced at exactly the limit, every window the platform
 * looks at would be full, and a few milliseconds of jitter on the way would cost a 429 and a pause.
 */
const PACE = 0.97;
/**
 * After paid sends, a free send looks at a window this much longer: hundreds of paid sends a second leave the
 * process late under load, and if the last of them arrive bunched, a free send right behind them would find
 * the platform's free window still full (seen as a few 429s at the switch in the two-process bench at load 15).
 */
const SWITCH_MARGIN_MS = 500;
/** How far the even schedule may fall behind (timer lateness is caught up, a long stall is not). */
const MAX_LAG_INTERVALS = 10;

export class RateLimiter {
  private readonly recent: number[] = [];
  private readonly free: Tier;
  private readonly paid: Tier;
  private schedule = 0;
  private pausedUntil = 0;
  /** When the last paid send left (0: none yet). */
  private lastPaid = 0;
  private readonly nextPerChat = new Map<string, number>();
  private readonly waiters: { conversation: string; paid: boolean; resolve: () => void }[] = [];
  private pumping = false;
  /** Wakes the pump early when a new waiter arrives while it sleeps for another chat. */
  private kick: (() => void) | undefined;

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Clock,
    private readonly sleep: Sleep = realSleep,
  ) {
    this.free = tier(limit.perSecond);
    this.paid = limit.paidPerSecond ? tier(limit.paidPerSecond) : this.free;
  }

  /** Resolves when this chat may be sent to (`paid`: at the paid rate). */
  acquire(conversation: string, paid = false): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push({ conversation, paid, resolve });
      if (this.pumping) this.kick?.();
      else void this.pump();
    });
  }

  /** The platform said "slow down": nobody sends before `until`. */
  pause(until: Date): void {
    this.pausedUntil = Math.max(this.pausedUntil, until.getTime());
    // Resume at the even pace, not with a catch-up burst for the time spent waiting.
    this.schedule = Math.max(this.schedule, this.pausedUntil);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiters.length) {
        const now = this.clock.now().getTime();
        // First come, first served, except that a chat still in its own interval lets the others pass.
        let index = -1;
        let chatWait = Infinity;
        for (let i = 0; i < this.waiters.length && i < 1000; i++) {
          const w = (this.nextPerChat.get(this.waiters[i]!.conversation) ?? 0) - now;
          if (w <= 0) {
            index = i;
            break;
          }
          chatWait = Math.min(chatWait, w);
        }
        // The window and the pace of the waiter to be served (the first one when all wait for their chat).
        const global = this.globalWait(now, this.waiters[Math.max(0, index)]!.paid);
        const wait = index >= 0 ? global : Math.max(global, chatWait);
        if (wait > 0) {
          await Promise.race([this.sleep(wait), new Promise<void>((r) => (this.kick = r))]);
          this.kick = undefined;
          continue;
        }
        const [waiter] = this.waiters.splice(index, 1);
        if (waiter!.paid) this.lastPaid = now;
        this.record(waiter!.conversation, now, waiter!.paid ? this.paid : this.free);
        waiter!.resolve();
      }
    } finally {
      this.pumping = false;
    }
  }

  private globalWait(now: number, paid: boolean): number {
    const { capacity } = paid ? this.paid : this.free;
    const window = WINDOW_MS + (!paid && now - this.lastPaid < 2 * WINDOW_MS ? SWITCH_MARGIN_MS : 0);
    const windowFull =
      this.recent.length >= capacity ? this.recent[this.recent.length - capacity]! + window - now : 0;
    return Math.max(this.pausedUntil - now, this.schedule - now, windowFull);
  }

  private record(conversation: string, now: number, { interval }: Tier): void {
    this.schedule = Math.max(this.schedule, now - Math.min(250, MAX_LAG_INTERVALS * interval)) + interval;
    this.recent.push(now);
    const keep = Math.max(this.free.capacity, this.paid.capacity);
    if (this.recent.length > keep * 2) this.recent.splice(0, this.recent.length - keep);
    if (this.limit.perChatIntervalMs > 0) {
      this.nextPerChat.set(conversation, now + this.limit.perChatIntervalMs);
      if (this.nextPerChat.size > 10_000)
        for (const [chat, next] of this.nextPerChat) if (next <= now) this.nextPerChat.delete(chat);
    }
  }
}
