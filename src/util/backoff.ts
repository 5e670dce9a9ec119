/**
 * Exponential backoff, one formula for every retry loop: step n waits baseMs · 2^n, capped at maxMs. With
 * `jitter`, the wait is a uniformly random point between a floor and that step, so clients that failed
 * together do not retry together: 'half' puts the floor at half the step, a number is a fixed floor in ms.
 */
export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
  readonly jitter?: 'half' | number | undefined;
  readonly random?: (() => number) | undefined;
}

export function backoff(n: number, { baseMs, maxMs, jitter, random = Math.random }: BackoffOptions): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, n));
  if (jitter === undefined) return step;
  const floor = jitter === 'half' ? step / 2 : jitter;
  return Math.round(floor + random() * (step - floor));
}
