/**
 * One wrapper around matrix-bot-sdk's HTTP function (its published `setRequestFn` hook), for two things the
 * SDK does not do:
 * - A 429 answer's `Retry-After` header is copied into the body as `retry_after_ms`, because the SDK turns
 *   the body into a MatrixError and drops the headers. Callers then read `MatrixError.retryAfterMs`.
 * - A request made inside `abortable()` can be aborted, so stop() need not wait for a 30 s long poll.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MatrixSdk } from './sdk-loader.js';

type Callback = (
  err: unknown,
  res: { statusCode?: number; headers?: Record<string, unknown>; body?: unknown } | undefined,
  body: unknown,
) => void;
type RequestFn = (params: unknown, callback: Callback) => { abort?: () => void } | undefined;

const INSTALLED = Symbol.for('ki-widerspruch.matrix.requestHook');
const scope = new AsyncLocalStorage<Set<() => void>>();

export function installHttpHooks(sdk: MatrixSdk): void {
  const current = sdk.getRequestFn() as RequestFn & { [INSTALLED]?: true };
  if (current[INSTALLED]) return;
  const wrapped: RequestFn & { [INSTALLED]?: true } = (params, callback) => {
    const request = current(params, (err, res, body) => {
      if (!err && res?.statusCode === 429) {
        const ms = retryAfterHeaderMs(res.headers?.['retry-after'], Date.now());
        if (ms !== undefined) {
          body = withRetryAfter(body, ms);
          res.body = withRetryAfter(res.body, ms);
        }
      }
      callback(err, res, body);
    });
    const aborts = scope.getStore();
    if (aborts && request?.abort) aborts.add(() => request.abort?.());
    return request;
  };
  wrapped[INSTALLED] = true;
  sdk.setRequestFn(wrapped);
}

/** Runs `fn`; the requests it starts are aborted when `abort` is called. */
export function abortable<T>(fn: () => Promise<T>): { promise: Promise<T>; abort: () => void } {
  const aborts = new Set<() => void>();
  const promise = scope.run(aborts, fn);
  return { promise, abort: () => aborts.forEach((a) => a()) };
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function retryAfterHeaderMs(value: unknown, now: number): number | undefined {
  const raw: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(raw)) return Math.round(Number(raw) * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function withRetryAfter(body: unknown, ms: number): unknown {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body;
    }
  }
  if (!parsed || typeof parsed !== 'object' || Buffer.isBuffer(parsed)) return body;
  const withMs = { ...(parsed as Record<string, unknown>), retry_after_ms: ms };
  return typeof body === 'string' ? JSON.stringify(withMs) : withMs;
}
