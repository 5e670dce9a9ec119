/**
 * What a failed Bot API call means for us: GrammyError (Telegram said no) is kept apart from HttpError (the
 * network failed). What of it may be logged: log-fields.ts.
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
