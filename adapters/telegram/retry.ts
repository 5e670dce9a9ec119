/**
 * Retries Bot API calls: 429 after Telegram's retry_after, 5xx and network errors with exponential backoff
 * and jitter, a bounded number of times. This is @grammyjs/auto-retry's job, done here because auto-retry
 * retries network errors without bound (its attempt limit does not count them) and starts its backoff at a
 * fixed 3 s; a reminder send must fail in bounded time, and tests must not wait seconds.
 */
import { HttpError, type Transformer } from 'grammy';
import { backoff } from '../../src/util/backoff.js';
import { sleep } from '../../src/util/sleep.js';
import { nodeSignal } from './context.js';

export interface BotApiRetryPolicy {
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A retry_after longer than this is not waited for: the 429 is passed on. */
  readonly maxRetryAfterSeconds: number;
}

export const DEFAULT_RETRY: BotApiRetryPolicy = {
  maxRetries: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterSeconds: 60,
};

/** Methods with their own retry loop (the runner's getUpdates) are left alone. */
const OWN_RETRY = new Set(['getUpdates']);

async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  await sleep(ms, signal);
  if (signal?.aborted) throw new Error('aborted while waiting to retry');
}

export function retryTransformer(
  policy: BotApiRetryPolicy = DEFAULT_RETRY,
  onRetry?: (info: { method: string; attempt: number; delayMs: number; reason: string }) => void,
): Transformer {
  const delay = (attempt: number): number =>
    backoff(attempt, { baseMs: policy.baseDelayMs, maxMs: policy.maxDelayMs, jitter: 'half' });
  return async (prev, method, payload, apiSig) => {
    const signal = nodeSignal(apiSig);
    if (OWN_RETRY.has(method)) return prev(method, payload, apiSig);
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= policy.maxRetries;
      let delayMs: number;
      let reason: string;
      try {
        const result = await prev(method, payload, apiSig);
        if (result.ok || last) return result;
        const retryAfter = result.parameters?.retry_after;
        if (typeof retryAfter === 'number') {
          if (retryAfter > policy.maxRetryAfterSeconds) return result;
          delayMs = retryAfter * 1000;
          reason = '429';
        } else if (result.error_code >= 500) {
          delayMs = delay(attempt);
          reason = String(result.error_code);
        } else {
          return result;
        }
      } catch (err) {
        if (!(err instanceof HttpError) || last || signal?.aborted) throw err;
        delayMs = delay(attempt);
        reason = 'network';
      }
      onRetry?.({ method, attempt: attempt + 1, delayMs, reason });
      await pause(delayMs, signal);
    }
  };
}
