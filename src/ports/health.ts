/**
 * Whether the store can be reached, for the adapters' failure paths: an update that could not be handled
 * while the store was down is not acknowledged (webhook 503, polling offset and Matrix sync token held
 * back), so that the platform delivers it again once the store is back.
 */
export interface StoreHealth {
  /** Pings the store (one ping at a time; answers shared for a moment). False while it cannot be reached. */
  reachable(): Promise<boolean>;
  /** Resolves once the store answers again (pinging with a capped backoff), or when `signal` aborts. */
  untilReachable(signal?: AbortSignal): Promise<void>;
  /** How many outages have begun so far: something done "once per outage" remembers this number. */
  readonly outages: number;
  /** How many store calls have failed so far, for any reason (a handler that failed shows up here). */
  readonly failures: number;
}
