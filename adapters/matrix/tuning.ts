/**
 * Timings and limits of the Matrix adapter. The defaults suit a real homeserver; tests shorten them.
 */
import type { SyncLoopOptions } from './sync-loop.js';
import type { MatrixRetryPolicy } from './retry.js';

export interface MatrixTuning {
  /** Long-poll time of one /sync (the server answers earlier when something happens). */
  readonly syncTimeoutMs: number;
  readonly sync: SyncLoopOptions;
  /** Sends and joins. */
  readonly send: MatrixRetryPolicy;
  /** Upper bound of one event's serialized content (Matrix allows 64 KiB for the whole event). */
  readonly maxContentBytes: number;
  /** How many rooms' last numbered choices are remembered. */
  readonly rememberChoicesForRooms: number;
}

export const DEFAULT_TUNING: MatrixTuning = {
  syncTimeoutMs: 30_000,
  sync: { backoffMinMs: 1_000, backoffMaxMs: 60_000, maxProcessAttempts: 3 },
  send: { maxAttempts: 5, maxWaitMs: 60_000, backoffMinMs: 500, backoffMaxMs: 10_000 },
  maxContentBytes: 24 * 1024,
  rememberChoicesForRooms: 10_000,
};
