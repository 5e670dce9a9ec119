/**
 * One Matrix request with retries: M_LIMIT_EXCEEDED waits as long as the server asks (Retry-After or
 * retry_after_ms), network errors and 5xx back off exponentially. What cannot be retried, or would need a
 * longer wait than `maxWaitMs`, ends as a DeliveryError carrying the failure kind.
 */
import { DeliveryError } from '../../src/ports/platform.js';
import type { Logger } from '../../src/ports/capabilities.js';
import { sleep } from '../../src/util/sleep.js';
import { backoffMs, classifyError } from './errors.js';

export interface MatrixRetryPolicy {
  readonly maxAttempts: number;
  /** A longer Retry-After is not waited for: the caller gets rate_limited with it instead. */
  readonly maxWaitMs: number;
  readonly backoffMinMs: number;
  readonly backoffMaxMs: number;
}

/** A DeliveryError that also names the Matrix error code (or "HTTP 502", "ECONNREFUSED"). */
class MatrixRequestError extends DeliveryError {
  constructor(
    failure: DeliveryError['failure'],
    readonly code: string,
    retryAfterMs: number | undefined,
  ) {
    super(failure, `Matrix request failed: ${code}`, retryAfterMs);
    this.name = 'MatrixRequestError';
  }
}

export async function withRetries<T>(
  request: () => Promise<T>,
  policy: MatrixRetryPolicy,
  signal: AbortSignal,
  logger: Logger,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (err) {
      const c = classifyError(err);
      const wait =
        c.failure === 'rate_limited' && c.retryAfterMs !== undefined
          ? c.retryAfterMs
          : backoffMs(attempt, policy.backoffMinMs, policy.backoffMaxMs);
      const final =
        c.failure === 'blocked' ||
        c.failure === 'permanent' ||
        attempt >= policy.maxAttempts ||
        wait > policy.maxWaitMs;
      if (final || signal.aborted)
        throw new MatrixRequestError(c.failure, c.code, c.failure === 'rate_limited' ? wait : undefined);
      logger.debug({ code: c.code, failure: c.failure, attempt, waitMs: wait }, 'matrix request retry');
      await sleep(wait, signal);
    }
  }
}
