/** What the contract suite needs from each implementation's test setup. */
import type { NewDelivery, Store } from '../../src/ports/store.js';

export interface StoreHarness {
  /** The store under test; reopen() replaces it. */
  store: Store;
  /** Closes the store and opens it again on the same data, as a restart does. */
  reopen(): Promise<Store>;
  /** Rows per table in which any text column contains `text`, read from the raw database (every table). */
  rowsMentioning(text: string): Promise<Record<string, number>>;
  /** Closes everything and removes the test's data. */
  dispose(): Promise<void>;
}

export type HarnessFactory = () => Promise<StoreHarness>;

/** A fixed instant the tests count from; no test reads the wall clock. */
const T0 = new Date('2026-03-01T09:00:00.000Z');
export const at = (ms: number): Date => new Date(T0.getTime() + ms);
export const MINUTE = 60_000;

export function delivery(
  key: string,
  conversation: string,
  dueInMs: number,
  extra: Partial<NewDelivery> = {},
): NewDelivery {
  return { key, conversation, kind: 'deadline', ref: 'dl-1', dueAt: at(dueInMs), ...extra };
}

export function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
