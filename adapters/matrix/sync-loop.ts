/**
 * Our sync loop: long-poll, let the SDK process the answer while our handlers run to the end, and only
 * then save the new sync token. A crash therefore re-delivers at most the last sync, never skips one; the
 * replies to re-delivered events reuse their transaction ids, so the homeserver does not post them twice.
 * Errors back off exponentially (or as long as M_LIMIT_EXCEEDED asks), and stop() aborts the long poll.
 * A sync during which a store call failed while the store was unreachable is not finished: its token is not
 * saved, and once the store answers again the same sync is fetched and handled again (without counting as
 * a failed attempt), so no event is lost to a database outage.
 */
import type { Logger } from '../../src/ports/capabilities.js';
import type { StoreHealth } from '../../src/ports/health.js';
import type { EmitFn, SyncResponse, SyncSource } from './client.js';
import { sleep } from '../../src/util/sleep.js';
import { backoffMs, classifyError } from './errors.js';
import { abortable } from './http-hooks.js';
import { errorFields } from './log-fields.js';

export interface SyncLoopOptions {
  readonly backoffMinMs: number;
  readonly backoffMaxMs: number;
  /** How often one sync's processing may fail (SDK or network error) before it is skipped. */
  readonly maxProcessAttempts: number;
}

export interface TokenStore {
  getSyncToken(): string | null;
  setSyncToken(token: string): Promise<void>;
}

export class SyncLoop {
  private stopping = new AbortController();
  private running: Promise<void> | undefined;
  private abortPoll: (() => void) | undefined;

  constructor(
    private readonly source: SyncSource,
    private readonly tokens: TokenStore,
    private readonly emit: EmitFn,
    private readonly options: SyncLoopOptions,
    private readonly logger: Logger,
    private readonly health?: StoreHealth,
  ) {}

  start(): void {
    if (this.running) return;
    this.stopping = new AbortController();
    this.running = this.run()
      .catch((err: unknown) =>
        this.logger.error({ err: errorFields(err) }, 'matrix sync loop ended unexpectedly'),
      )
      .finally(() => (this.running = undefined));
  }

  /**
   * Aborts the long poll and lets the handlers of the sync being handled finish (their sends no longer
   * wait to retry), without saving its token: the next start handles it again, and replies that already
   * went out are deduplicated by their transaction ids.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.abortPoll?.();
    await this.running;
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    let token = this.tokens.getSyncToken();
    let failures = 0;
    let processFailures = 0;
    while (!signal.aborted) {
      let response: SyncResponse;
      try {
        response = await this.poll(token, signal);
      } catch (err) {
        if (signal.aborted) break;
        failures += 1;
        const c = classifyError(err);
        const wait =
          c.retryAfterMs ?? backoffMs(failures, this.options.backoffMinMs, this.options.backoffMaxMs);
        this.logger.warn(
          { code: c.code, failure: c.failure, failures, waitMs: wait },
          'matrix sync failed; backing off',
        );
        await sleep(wait, signal);
        continue;
      }
      if (failures > 0) this.logger.info({ failures }, 'matrix sync recovered');
      failures = 0;
      const storeFailures = this.health?.failures ?? 0;
      try {
        await this.source.processOnce(response, this.emit);
        if (await this.storeWentAway(storeFailures, signal)) continue;
      } catch (err) {
        if (await this.storeWentAway(storeFailures, signal)) continue;
        processFailures += 1;
        const c = classifyError(err);
        if (processFailures < this.options.maxProcessAttempts) {
          this.logger.warn(
            { code: c.code, attempt: processFailures },
            'matrix sync processing failed; retrying that sync',
          );
          await sleep(
            backoffMs(processFailures, this.options.backoffMinMs, this.options.backoffMaxMs),
            signal,
          );
          continue;
        }
        this.logger.error(
          { code: c.code, err: errorFields(err) },
          'matrix sync processing kept failing; skipping that sync',
        );
      }
      processFailures = 0;
      // A stop during processing cut retries short: leave that sync to be handled again on the next start.
      if (signal.aborted) break;
      token = response.next_batch;
      try {
        await this.tokens.setSyncToken(token);
      } catch (err) {
        // Go on with the token in memory; after a crash the last syncs are handled again (sends deduplicate).
        this.logger.error({ err: errorFields(err) }, 'matrix sync token could not be saved');
      }
    }
  }

  /**
   * True if a store call failed during this sync and the store cannot be reached: then it waits until the
   * store answers (or stop) and the caller fetches the same sync again, its token unsaved.
   */
  private async storeWentAway(failuresBefore: number, signal: AbortSignal): Promise<boolean> {
    const health = this.health;
    if (!health || health.failures === failuresBefore || (await health.reachable())) return false;
    this.logger.warn(
      {},
      'matrix sync not finished: the store is unreachable; handling it again once it answers',
    );
    await health.untilReachable(signal);
    return true;
  }

  private poll(token: string | null, signal: AbortSignal): Promise<SyncResponse> {
    const { promise, abort } = abortable(() => this.source.syncOnce(token));
    this.abortPoll = abort;
    let onAbort = (): void => undefined;
    const stopped = new Promise<never>((_resolve, reject) => {
      onAbort = () => reject(new Error('stopped'));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    return Promise.race([promise, stopped]).finally(() => {
      signal.removeEventListener('abort', onAbort);
      this.abortPoll = undefined;
    });
  }
}
