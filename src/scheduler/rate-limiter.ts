/**
 * Paces sends for one platform: at most `perSecond` overall and one per `perChatIntervalMs` per chat, evenly
 * spaced (no bursts that would trip the platform's own limiter). A 429 pauses the whole platform queue.
 * Time comes from the injected clock and waiting from the injected sleep, so tests never wait on wall time.
 */
import type { Clock } from '../ports.js';

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RateLimit {
  readonly perSecond: number;
  readonly perChatIntervalMs: number;
}

export class RateLimiter {
  private nextGlobal = 0;
  private pausedUntil = 0;
  private readonly nextPerChat = new Map<string, number>();

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Clock,
    private readonly sleep: Sleep = realSleep,
  ) {}

  /** Waits for this chat's next slot, then returns. */
  async acquire(conversation: string): Promise<void> {
    for (;;) {
      const now = this.clock.now().getTime();
      const slot = Math.max(now, this.nextGlobal, this.pausedUntil, this.nextPerChat.get(conversation) ?? 0);
      this.nextGlobal = slot + 1000 / this.limit.perSecond;
      this.nextPerChat.set(conversation, slot + this.limit.perChatIntervalMs);
      if (this.nextPerChat.size > 10_000) this.prune(now);
      if (slot > now) await this.sleep(slot - now);
      // A 429 that arrived while we waited moves everyone behind the pause.
      if (this.pausedUntil <= this.clock.now().getTime()) return;
    }
  }

  /** The platform said "slow down": nobody sends before `until`. */
  pause(until: Date): void {
    this.pausedUntil = Math.max(this.pausedUntil, until.getTime());
  }

  private prune(now: number): void {
    for (const [chat, next] of this.nextPerChat) if (next <= now) this.nextPerChat.delete(chat);
  }
}
