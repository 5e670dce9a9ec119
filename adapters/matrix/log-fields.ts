/**
 * What may go into a log line about Matrix things. Room ids are hashed with a keyed hash (a direct chat's
 * room id stands for a person), and errors are reduced to name, code and message: matrix-bot-sdk throws
 * the raw HTTP response for non-Matrix errors, and that object carries the request's Authorization header.
 */
import { idHasher } from '../../src/logger.js';

export type RoomHasher = (roomId: string) => string;

/** Same secret, same hash: set LOG_ID_SECRET to correlate rooms across processes and restarts. */
export function roomHasher(secret: string | undefined): RoomHasher {
  const hash = idHasher(secret);
  return (roomId) => `r_${hash(roomId)}`;
}

export interface ErrorFields {
  readonly name: string;
  readonly code?: string;
  readonly message?: string;
  readonly stack?: string;
}

export function errorFields(err: unknown): ErrorFields {
  const e = (err ?? {}) as {
    name?: unknown;
    errcode?: unknown;
    statusCode?: unknown;
    code?: unknown;
    message?: unknown;
    stack?: unknown;
  };
  if (typeof e.errcode === 'string') {
    return {
      name: 'MatrixError',
      code: e.errcode,
      ...(typeof e.statusCode === 'number' ? { message: `HTTP ${e.statusCode}` } : {}),
    };
  }
  if (!(err instanceof Error)) {
    return {
      name: 'HttpResponse',
      code: typeof e.statusCode === 'number' ? `HTTP ${e.statusCode}` : typeof err,
    };
  }
  return {
    name: err.name,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    message: err.message.slice(0, 300),
    ...(err.stack ? { stack: err.stack.split('\n').slice(0, 8).join('\n') } : {}),
  };
}
