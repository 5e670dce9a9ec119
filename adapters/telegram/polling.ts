/**
 * Long polling with @grammyjs/runner: updates are handled concurrently (a slow chat does not hold up the
 * others) and, through sequentialize in the bot, in order within one chat. getUpdates failures are logged
 * and retried here with a capped backoff, instead of the runner's console output and uncapped doubling.
 *
 * getUpdates confirms every update below its offset, so the offset we send never passes an update that
 * failed while the store was unreachable, nor one still being handled (HeldOffset): Telegram keeps those,
 * and after a crash or an outage they come again. Updates it sends again that were already handed out or
 * finished here are filtered out, so each is handled once. A turn in flight longer than `holdInFlightMs`
 * stops holding the offset (a slow chat must not hold up the others for long); if it then fails for lack of
 * the store, it is handled again from memory once the store is back (lost only if the process dies first).
 */
import { GrammyError, type Bot } from 'grammy';
import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Update } from 'grammy/types';
import type { Logger } from '../../src/ports/capabilities.js';
import type { StoreHealth } from '../../src/ports/health.js';
import { backoff } from '../../src/util/backoff.js';
import { BoundedMap } from '../../src/util/bounded-map.js';
import { sleep } from '../../src/util/sleep.js';
import { apiSignal, nodeSignal, type ApiSignal, type BotContext } from './context.js';
import { errorFields } from './log-fields.js';

export interface PollingOptions {
  readonly logger: Logger;
  /** Updates handled at the same time (the runner's sink concurrency). */
  readonly concurrency: number;
  /** Long-polling timeout for getUpdates, in seconds. */
  readonly timeoutSeconds: number;
  readonly allowedUpdates: readonly Exclude<keyof Update, 'update_id'>[];
  readonly maxBackoffMs: number;
  readonly secrets: readonly string[];
  /** Handles one update; resolves false if it was not handled for lack of the store (fetch it again). */
  readonly handleUpdate: (update: Update) => Promise<boolean | void>;
  readonly storeHealth?: StoreHealth | undefined;
  /** While updates are in flight, getUpdates cannot long-poll past them: how long to wait between asks. */
  readonly heldPollMs?: number | undefined;
  /** How long an update in flight holds the offset. Default 5 s. */
  readonly holdInFlightMs?: number | undefined;
}

/** Which update ids may be confirmed: none at or above one that failed, or (for a while) one in flight. */
class HeldOffset {
  /** Update id → when its turn started. */
  private readonly inFlight = new Map<number, number>();
  /** Not handled for lack of the store; kept whole, in case Telegram no longer has them. */
  private readonly failed = new Map<number, Update>();
  private readonly done = new BoundedMap<number, true>(20_000);
  private changed: (() => void) | undefined;

  constructor(private readonly holdInFlightMs: number) {}

  /** The offset to ask Telegram with, instead of the runner's. */
  offset(runnerOffset: number, now = performance.now()): number {
    let offset = runnerOffset;
    for (const [id, since] of this.inFlight)
      if (now - since < this.holdInFlightMs) offset = Math.min(offset, id);
    for (const id of this.failed.keys()) offset = Math.min(offset, id);
    return offset;
  }

  get hasFailed(): boolean {
    return this.failed.size > 0;
  }

  /** The failed updates, handed out to be handled again. */
  takeFailed(): Update[] {
    const updates = [...this.failed.values()];
    this.failed.clear();
    return updates;
  }

  /** What Telegram sent, without the updates handed out or finished already. */
  fresh(updates: readonly Update[]): Update[] {
    return updates.filter((u) => !this.inFlight.has(u.update_id) && !this.done.has(u.update_id));
  }

  begin(update: Update): void {
    this.failed.delete(update.update_id);
    this.inFlight.set(update.update_id, performance.now());
  }

  end(update: Update, handled: boolean): void {
    this.inFlight.delete(update.update_id);
    if (handled) this.done.set(update.update_id, true);
    else this.failed.set(update.update_id, update);
    this.changed?.();
  }

  /** Resolves when an update in flight finishes, or after `ms`. */
  settled(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      this.changed = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

export function startPolling(bot: Bot<BotContext>, opts: PollingOptions): RunnerHandle {
  const log = opts.logger;
  const held = new HeldOffset(opts.holdInFlightMs ?? 5_000);
  const heldPollMs = opts.heldPollMs ?? 250;
  const fetch = async (
    args: { offset: number; limit: number; timeout: number },
    signal: AbortSignal,
  ): Promise<Update[]> => {
    for (let failures = 0; ; failures++) {
      try {
        return await bot.api.getUpdates({ ...args, allowed_updates: opts.allowedUpdates }, apiSignal(signal));
      } catch (err) {
        if (signal.aborted) throw err;
        // A wrong token will not get better by asking again.
        if (err instanceof GrammyError && err.error_code === 401) throw err;
        const delay = backoff(failures, { baseMs: 100, maxMs: opts.maxBackoffMs });
        log.warn({ err: errorFields(err, opts.secrets), retryInMs: delay }, 'getUpdates failed');
        await sleep(delay, signal);
        if (signal.aborted) throw err;
      }
    }
  };
  const getUpdates = async (
    args: { offset: number; limit: number; timeout: number },
    apiSig: ApiSignal,
  ): Promise<Update[]> => {
    const signal = nodeSignal(apiSig)!;
    for (;;) {
      // Updates that failed for lack of the store are handled again once it answers.
      let again: Update[] = [];
      if (held.hasFailed && opts.storeHealth) {
        await opts.storeHealth.untilReachable(signal);
        if (signal.aborted) throw new Error('stopped');
        again = held.takeFailed();
      }
      const offset = held.offset(args.offset);
      const holding = offset < args.offset || again.length > 0;
      const updates = await fetch({ ...args, offset, timeout: holding ? 0 : args.timeout }, signal);
      const ids = new Set(again.map((u) => u.update_id));
      const fresh = [...again, ...held.fresh(updates).filter((u) => !ids.has(u.update_id))].sort(
        (a, b) => a.update_id - b.update_id,
      );
      if (fresh.length > 0 || (updates.length === 0 && !holding)) return fresh;
      // Only updates still in flight came back: ask again when one of them finishes.
      await held.settled(heldPollMs, signal);
      if (signal.aborted) throw new Error('stopped');
    }
  };
  const handleUpdate = async (update: Update): Promise<void> => {
    held.begin(update);
    let handled = true;
    try {
      handled = (await opts.handleUpdate(update)) !== false;
    } finally {
      held.end(update, handled);
    }
  };
  const handle = run(
    {
      init: () => bot.init(),
      handleUpdate,
      errorHandler: (err: unknown) =>
        log.error({ err: errorFields(err, opts.secrets) }, 'update failed outside the error boundary'),
      api: { getUpdates },
    },
    {
      runner: { fetch: { timeout: opts.timeoutSeconds }, silent: true },
      sink: { concurrency: opts.concurrency },
    },
  );
  handle
    .task()
    ?.catch((err: unknown) =>
      log.error({ err: errorFields(err, opts.secrets) }, 'polling stopped: the bot receives no more updates'),
    );
  return handle;
}
