/**
 * Long polling with @grammyjs/runner: updates are handled concurrently (a slow chat does not hold up the
 * others) and, through sequentialize in the bot, in order within one chat. getUpdates failures are logged
 * and retried here with a capped backoff, instead of the runner's console output and uncapped doubling.
 *
 * getUpdates confirms every update below its offset. Once an update fails for lack of the store, no
 * getUpdates goes out until the store answers again, so everything after it stays with Telegram; and the
 * offset we send never passes an update that failed (HeldOffset) until it has been handled. The updates that
 * were in flight when the store went away were confirmed already: they are kept and handled again from
 * memory (lost only if the process dies before the store is back). Updates Telegram sends again that were
 * handed out or finished here are filtered out, so each is handled once. In normal operation none of this
 * costs anything: the offset is the runner's, and a turn in flight does not hold it (a slow chat must not
 * hold up the others).
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
}

/** Which update ids may be confirmed: none at or above one that failed for lack of the store, until handled. */
class HeldOffset {
  private readonly inFlight = new Set<number>();
  /** Failed and not yet handed out again; kept whole, in case Telegram no longer has them. */
  private readonly failed = new Map<number, Update>();
  /** Failed, or handed out again and not yet handled: these hold the offset. */
  private readonly held = new Set<number>();
  private readonly done = new BoundedMap<number, true>(20_000);
  private changed: (() => void) | undefined;

  /** The offset to ask Telegram with, instead of the runner's. */
  offset(runnerOffset: number): number {
    let offset = runnerOffset;
    for (const id of this.held) offset = Math.min(offset, id);
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
    this.inFlight.add(update.update_id);
  }

  end(update: Update, handled: boolean): void {
    const id = update.update_id;
    this.inFlight.delete(id);
    if (handled) {
      this.done.set(id, true);
      this.held.delete(id);
    } else {
      this.failed.set(id, update);
      this.held.add(id);
    }
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
  const held = new HeldOffset();
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
      let fresh = held.fresh(updates).filter((u) => !ids.has(u.update_id));
      // Updates failed while this long poll was open: what came back beyond them stays with Telegram (the
      // next offset is at or below them, so it is not confirmed) and comes again after the outage.
      if (held.hasFailed) fresh = fresh.filter((u) => u.update_id < held.offset(Infinity));
      const out = [...again, ...fresh].sort((a, b) => a.update_id - b.update_id);
      if (out.length > 0) return out;
      if (held.hasFailed) continue;
      if (updates.length === 0 && !holding) return out;
      // Only updates handed out already came back (the offset is held): ask again when one of them finishes.
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
