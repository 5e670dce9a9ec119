/**
 * Waiting on a condition instead of a fixed sleep: checks `check` every few milliseconds until it holds,
 * and fails with `what` in the message if it does not within `timeoutMs`. For "nothing happened" checks,
 * wait for a barrier (something that happens after it, in order) rather than for time to pass.
 */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
