/**
 * Waiting, with node:timers/promises. An abort ends the wait early without an error: the caller looks at
 * its signal afterwards and decides (stop, or give up the retry).
 */
import { setTimeout as delay } from 'node:timers/promises';

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return delay(ms, undefined, signal ? { signal } : undefined).catch((err: unknown) => {
    if (signal?.aborted) return;
    throw err;
  });
}
