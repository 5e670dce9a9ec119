/**
 * What may go into a log line about a failed Bot API call: kind, code and a redacted message. Errors are never
 * logged whole: a GrammyError carries the request payload (message text) and a network error's cause may
 * carry the URL (with the token). The Matrix adapter's log-fields.ts is the counterpart.
 */
import { GrammyError, HttpError } from 'grammy';
import { DeliveryError } from '../../src/ports/platform.js';

/** Log fields for an error, with no payload and no token. */
export function errorFields(err: unknown, secrets: readonly string[] = []): Record<string, unknown> {
  const redact = (s: string | undefined): string | undefined =>
    s === undefined
      ? undefined
      : secrets.reduce((acc, secret) => (secret ? acc.split(secret).join('[redacted]') : acc), s);
  if (err instanceof GrammyError) {
    return {
      kind: 'telegram',
      method: err.method,
      code: err.error_code,
      description: redact(err.description),
      retryAfter: err.parameters.retry_after,
    };
  }
  if (err instanceof HttpError) {
    const cause = err.error as { code?: unknown; name?: unknown } | undefined;
    return {
      kind: 'network',
      message: redact(err.message),
      cause:
        typeof cause?.code === 'string'
          ? cause.code
          : typeof cause?.name === 'string'
            ? cause.name
            : undefined,
    };
  }
  if (err instanceof DeliveryError)
    return { kind: 'delivery', failure: err.failure, message: redact(err.message) };
  if (err instanceof Error)
    return { kind: 'error', name: err.name, message: redact(err.message), stack: redact(err.stack) };
  return { kind: 'unknown' };
}
