/**
 * Maps what matrix-bot-sdk throws (MatrixError for an errcode body, the raw response for other non-2xx
 * answers, a network error) to the port's DeliveryFailure, so the sender and the sync loop decide alike.
 */
import type { DeliveryFailure } from '../../src/ports/platform.js';
import { backoff } from '../../src/util/backoff.js';

export interface ClassifiedError {
  readonly failure: DeliveryFailure;
  readonly retryAfterMs?: number;
  /** A short description for logs: errcode or network code, never a body. */
  readonly code: string;
}

export function classifyError(err: unknown): ClassifiedError {
  const e = (err ?? {}) as {
    errcode?: unknown;
    statusCode?: unknown;
    retryAfterMs?: unknown;
    code?: unknown;
    body?: unknown;
  };
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const errcode = typeof e.errcode === 'string' ? e.errcode : undefined;
  if (status === undefined && errcode === undefined) {
    // No HTTP answer at all: connection refused, reset, timeout.
    return { failure: 'transient', code: typeof e.code === 'string' ? e.code : 'network' };
  }
  const code = errcode ?? `HTTP ${status}`;
  if (errcode === 'M_LIMIT_EXCEEDED' || status === 429) {
    const ms = typeof e.retryAfterMs === 'number' && e.retryAfterMs >= 0 ? e.retryAfterMs : undefined;
    return ms === undefined
      ? { failure: 'rate_limited', code }
      : { failure: 'rate_limited', retryAfterMs: ms, code };
  }
  if (errcode === 'M_FORBIDDEN' || status === 403) return { failure: 'blocked', code };
  // A rejected token is the operator's problem, not the recipient's: retry later, once it is fixed.
  if (errcode === 'M_UNKNOWN_TOKEN' || errcode === 'M_MISSING_TOKEN' || status === 401)
    return { failure: 'transient', code };
  if (status !== undefined && status >= 500) return { failure: 'transient', code };
  return { failure: 'permanent', code };
}

export function isAuthFailure(err: unknown): boolean {
  const e = (err ?? {}) as { errcode?: unknown; statusCode?: unknown };
  return e.errcode === 'M_UNKNOWN_TOKEN' || e.errcode === 'M_MISSING_TOKEN' || e.statusCode === 401;
}

/** The wait before retry `attempt` (1, 2, ...): between min/2 and min, doubling, capped at max. */
export const backoffMs = (attempt: number, minMs: number, maxMs: number): number =>
  backoff(attempt - 1, { baseMs: minMs, maxMs, jitter: minMs / 2 });
