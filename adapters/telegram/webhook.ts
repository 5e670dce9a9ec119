/**
 * The webhook endpoint as a plain node:http handler, for the app's HTTP server to mount. It refuses
 * requests without the right X-Telegram-Bot-Api-Secret-Token (401), bodies over the limit (413) and
 * anything that is not an update (400); it answers a redelivered update (same update_id) only once.
 * While the store cannot record an update (or the turn failed because the store went away), it answers 503,
 * so that Telegram delivers the update again; the redelivery is then handled once. Refused requests are
 * counted (onEvent) and logged at most once a minute, with the number refused since the last line.
 */
import { createHmac, createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Update } from 'grammy/types';
import type { Logger } from '../../src/ports/capabilities.js';
import type { StoreHealth } from '../../src/ports/health.js';
import { BoundedMap } from '../../src/util/bounded-map.js';
import type { MarkUpdateSeen } from './dedup.js';
import { errorFields } from './log-fields.js';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** Telegram's updates are small; a megabyte leaves room for long messages with many entities. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Telegram waits about a minute; answer well before, and let a slow turn finish in the background. */
const ANSWER_WITHIN_MS = 10_000;
/** Refused requests are logged at most this often (a flood of forged requests must not flood the log). */
const REFUSED_LOG_INTERVAL_MS = 60_000;

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** A webhook secret derived from the bot token (HMAC-SHA256, base64url: 43 characters of [A-Za-z0-9_-]). */
export function deriveWebhookSecret(token: string): string {
  return createHmac('sha256', token).update('telegram-webhook-secret').digest('base64url');
}

export interface WebhookOptions {
  readonly secret: string;
  readonly maxBodyBytes: number;
  readonly seen: MarkUpdateSeen;
  /** Handles one update; resolves false if it was not handled for lack of the store (answer 503). */
  readonly handle: (update: Update) => Promise<boolean | void>;
  /** False before start and after stop: Telegram gets a 503 and delivers again later. */
  readonly accepting: () => boolean;
  /** Without it, a failed redelivery check handles the update anyway (better twice than never). */
  readonly storeHealth?: StoreHealth | undefined;
  readonly onEvent?: ((event: 'refused' | 'deferred') => void) | undefined;
  readonly logger: Logger;
  /** For tests: the time, in milliseconds. */
  readonly now?: () => number;
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

function finish(res: ServerResponse, status: number, close = false): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(status === 200 ? '' : `${status}\n`);
}

/** Reads the body up to `max` bytes; resolves undefined (and stops reading) if it is larger. */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.pause();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseUpdate(body: Buffer): Update | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const id = (value as { update_id?: unknown }).update_id;
    return Number.isSafeInteger(id) && (id as number) >= 0 ? (value as Update) : undefined;
  } catch {
    return undefined;
  }
}

export function webhookHandler(opts: WebhookOptions): RequestHandler {
  const expected = digest(opts.secret);
  const log = opts.logger;
  const now = opts.now ?? Date.now;
  let refused = 0;
  let refusedLoggedAt = Number.NEGATIVE_INFINITY;
  const refuse = (secret: 'wrong' | 'missing'): void => {
    refused += 1;
    opts.onEvent?.('refused');
    if (now() - refusedLoggedAt < REFUSED_LOG_INTERVAL_MS) return;
    log.warn({ secret, refused }, 'webhook requests refused (wrong or missing secret)');
    refused = 0;
    refusedLoggedAt = now();
  };
  /**
   * Updates answered 503 in this process. Their redelivery is handled even if the store says "seen": the
   * record may have been written before the store went away (or before the turn failed).
   */
  const unanswered = new BoundedMap<number, true>(10_000);
  const defer = (res: ServerResponse, id: number): void => {
    unanswered.set(id, true);
    opts.onEvent?.('deferred');
    log.debug({ update: id }, 'update not acknowledged (503): the store is unreachable');
    finish(res, 503);
  };
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return finish(res, 405);
    }
    const given = req.headers[SECRET_HEADER];
    if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected)) {
      refuse(typeof given === 'string' ? 'wrong' : 'missing');
      return finish(res, 401, true);
    }
    if (!opts.accepting()) return finish(res, 503);
    if (Number(req.headers['content-length'] ?? 0) > opts.maxBodyBytes) return finish(res, 413, true);
    const body = await readBody(req, opts.maxBodyBytes);
    if (!body) return finish(res, 413, true);
    const update = parseUpdate(body);
    if (!update) return finish(res, 400);
    const id = update.update_id;
    let fresh = true;
    try {
      fresh = await opts.seen(String(id));
    } catch (err) {
      if (opts.storeHealth && !(await opts.storeHealth.reachable())) return defer(res, id);
      // Better to risk answering twice than not at all.
      log.warn({ err: errorFields(err), update: id }, 'redelivery check failed; handling the update anyway');
    }
    if (!fresh && !unanswered.has(id)) {
      log.debug({ update: id }, 'redelivered update ignored');
      return finish(res, 200);
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>(
      (resolve) => (timer = setTimeout(() => resolve('late'), ANSWER_WITHIN_MS)),
    );
    const outcome = await Promise.race([opts.handle(update), late]).finally(() => clearTimeout(timer));
    if (outcome === false) return defer(res, id);
    unanswered.delete(id);
    finish(res, 200);
  };
  return (req, res) => {
    serve(req, res).catch((err: unknown) => {
      log.error({ err: errorFields(err) }, 'webhook request failed');
      finish(res, 500);
    });
  };
}
