/**
 * Webhook redelivery: Telegram sends an update again when our answer to it was late or lost. The port
 * says whether an update id is new; the durable store provides one (markUpdateSeen), and this in-memory
 * one, bounded to the most recent ids, is the default for a single process.
 */
import { BoundedMap } from '../../src/util/bounded-map.js';

/** Resolves true the first time an update id is offered, false for every redelivery. */
export type MarkUpdateSeen = (updateId: string) => Promise<boolean>;

export function memorySeenUpdates(capacity = 10_000): MarkUpdateSeen {
  const seen = new BoundedMap<string, true>(capacity);
  return (updateId) => {
    if (seen.has(updateId)) return Promise.resolve(false);
    seen.set(updateId, true);
    return Promise.resolve(true);
  };
}
