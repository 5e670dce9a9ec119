/**
 * Virtual time for scheduler tests: sleep() registers a timer, and drive() advances the clock to the next
 * timer whenever everything else is waiting. Nothing waits on wall time.
 */
import type { Clock } from '../../src/ports/capabilities.js';

export class VirtualTime implements Clock {
  private current: number;
  private timers: { at: number; resolve: () => void }[] = [];

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(date: Date | string): void {
    this.current = new Date(date).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }

  sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.timers.push({ at: this.current + Math.max(0, ms), resolve });
    });

  /** Runs `work` to completion, jumping the clock to the next timer whenever only timers are left. */
  async drive<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const result = work.finally(() => {
      settled = true;
    });
    while (!settled) {
      await new Promise((r) => setImmediate(r));
      if (settled) break;
      if (!this.timers.length) continue;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift()!;
      this.current = Math.max(this.current, next.at);
      next.resolve();
    }
    return result;
  }
}
