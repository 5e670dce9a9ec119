/**
 * Long polling with @grammyjs/runner: updates are handled concurrently (a slow chat does not hold up the
 * others) and, through sequentialize in the bot, in order within one chat. getUpdates failures are logged
 * and retried here with a capped backoff, instead of the runner's console output and uncapped doubling.
 */
import { GrammyError, type Bot } from 'grammy';
import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Update } from 'grammy/types';
import type { Logger } from '../../src/ports/capabilities.js';
import { backoff } from '../../src/util/backoff.js';
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
  /** Handles one update; the adapter tracks it so that stop() can wait for it. */
  readonly handleUpdate: (update: Update) => Promise<void>;
}

export function startPolling(bot: Bot<BotContext>, opts: PollingOptions): RunnerHandle {
  const log = opts.logger;
  const getUpdates = async (
    args: { offset: number; limit: number; timeout: number },
    apiSig: ApiSignal,
  ): Promise<Update[]> => {
    const signal = nodeSignal(apiSig)!;
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
  const handle = run(
    {
      init: () => bot.init(),
      handleUpdate: opts.handleUpdate,
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
