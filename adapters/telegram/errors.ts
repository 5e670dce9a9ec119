/**
 * What a failed Bot API call means for us, and what of it may be logged. GrammyError (Telegram said no) is
 * kept apart from HttpError (the network failed). Errors are never logged whole: a GrammyError carries the
 * request payload (message text) and a network error's cause may carry the URL (with the token).
 */
import { GrammyError, HttpError } from 'grammy';
import { DeliveryError } from '../../src/ports/platform.js';

/** Telegram answers that mean the chat cannot be reached any more, whatever the status code. */
const UNREACHABLE =
  /chat not found|user is deactivated|bot was (blocked|kicked)|not a member|PEER_ID_INVALID|have no rights to send|upgraded to a supergroup/i;

export function isUnreachable(err: unknown): boolean {
  return err instanceof GrammyError && (err.error_code === 403 || UNREACHABLE.test(err.description));
}

export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof GrammyError) {
    const what = `${err.method}: ${err.error_code} ${err.description}`;
    if (isUnreachable(err)) return new DeliveryError('blocked', what);
    if (err.error_code === 429)
      return new DeliveryError('rate_limited', what, (err.parameters.retry_after ?? 1) * 1000);
    // 401/404: our token is wrong or revoked, not the chat's fault: keep the delivery for later.
    if (err.error_code >= 500 || err.error_code === 401 || err.error_code === 404)
      return new DeliveryError('transient', what);
    return new DeliveryError('permanent', what);
  }
  if (err instanceof HttpError) return new DeliveryError('transient', err.message);
  return new DeliveryError('transient', err instanceof Error ? err.name : 'unknown error');
}

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
