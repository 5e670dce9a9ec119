/**
 * The store's health as the adapters see it (src/ports/health.ts): a probe with a time limit (the app's
 * probe writes, so a read-only or full store counts as down too), shared between callers; an outage
 * counter and a count of failed store calls (watchStore). Logs the start and the end of an outage once
 * each, and feeds the `bot_store_up` gauge and /readyz.
 */
import type { Logger } from '../ports/capabilities.js';
import type { StoreHealth } from '../ports/health.js';
import { backoff } from '../util/backoff.js';
import { sleep } from '../util/sleep.js';

export interface StoreWatchOptions {
  /** How long one ping may take before the store counts as unreachable. Default 2 s. */
  readonly timeoutMs?: number;
  /** How long a ping's answer is shared with later callers. Default 250 ms. */
  readonly cacheMs?: number;
  /** The longest wait between two pings in untilReachable(). Default 2 s. */
  readonly maxBackoffMs?: number;
}

export class StoreWatch implements StoreHealth {
  outages = 0;
  failures = 0;
  private up = true;
  private downSince = 0;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<boolean> | undefined;
  private readonly timeoutMs: number;
  private readonly cacheMs: number;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly ping: () => Promise<void>,
    private readonly logger: Logger,
    options: StoreWatchOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.cacheMs = options.cacheMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 2_000;
  }

  /** The last answer, without asking (for the metrics gauge). */
  get isUp(): boolean {
    return this.up;
  }

  reachable(): Promise<boolean> {
    if (this.pending) return this.pending;
    if (performance.now() - this.checkedAt < this.cacheMs) return Promise.resolve(this.up);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('ping timed out')), this.timeoutMs);
    });
    this.pending = Promise.race([this.ping(), timeout])
      .then(
        () => undefined,
        (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 300),
      )
      .then((reason) => {
        clearTimeout(timer);
        this.pending = undefined;
        this.checkedAt = performance.now();
        this.note(reason);
        return reason === undefined;
      });
    return this.pending;
  }

  async untilReachable(signal?: AbortSignal): Promise<void> {
    for (let attempt = 0; !signal?.aborted; attempt++) {
      if (await this.reachable()) return;
      await sleep(backoff(attempt, { baseMs: 100, maxMs: this.maxBackoffMs }), signal);
    }
  }

  /** A store call failed: counted, and the next reachable() asks the store instead of the shared answer. */
  noteFailure(): void {
    this.failures += 1;
    this.checkedAt = Number.NEGATIVE_INFINITY;
  }

  /** `reason`: why the probe failed (the store's message, which names the file or database), or undefined. */
  private note(reason: string | undefined): void {
    const ok = reason === undefined;
    if (ok === this.up) return;
    this.up = ok;
    if (!ok) {
      this.outages += 1;
      this.downSince = performance.now();
      this.logger.error(
        { reason },
        'store cannot record updates (unreachable, read-only or full): updates are not acknowledged until it can',
      );
    } else {
      this.logger.warn(
        { outageMs: Math.round(performance.now() - this.downSince) },
        'store records updates again',
      );
    }
  }
}

/**
 * The store with every failed call reported to `onFailure` (the error passes on unchanged). Everything else,
 * properties included, is the store's own.
 */
export function watchStore<T extends object>(store: T, onFailure: () => void): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      let fn = wrapped.get(prop);
      if (!fn) {
        const method = value as (...args: unknown[]) => unknown;
        fn = (...args: unknown[]): unknown => {
          let result: unknown;
          try {
            result = method.apply(target, args);
          } catch (err) {
            onFailure();
            throw err;
          }
          if (result instanceof Promise)
            return result.catch((err: unknown) => {
              onFailure();
              throw err;
            });
          return result;
        };
        wrapped.set(prop, fn);
      }
      return fn;
    },
  });
}
