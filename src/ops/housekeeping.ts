/**
 * Housekeeping, hourly: forgets webhook update ids after two days (Telegram redelivers for a day at most)
 * and deletes finished deliveries once they are older than the retention period, so the bot keeps no
 * history it does not need, and drops expired short-lived entries (broadcast previews, numbered choices). Runs in small batches so that it never blocks the bot for long.
 */
import type { Clock, Logger } from '../ports/capabilities.js';
import type { Store } from '../ports/store.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BATCH = 5000;

export class Housekeeping {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Pick<Store, 'pruneFinished' | 'pruneSeenUpdates' | 'pruneEphemeral'>,
    private readonly clock: Clock,
    private readonly retentionDays: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.run(), HOUR).unref();
    void this.run();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One pass; returns what was deleted. Errors are logged, never thrown. */
  async run(): Promise<{ updates: number; deliveries: number; ephemeral: number }> {
    try {
      const now = this.clock.now().getTime();
      const updates = await this.store.pruneSeenUpdates(new Date(now - 2 * DAY));
      let deliveries = 0;
      for (let n = BATCH; n === BATCH; deliveries += n)
        n = await this.store.pruneFinished(new Date(now - this.retentionDays * DAY), BATCH);
      // Expired previews and numbered choices (they are ignored once expired; this only frees the rows).
      const ephemeral = await this.store.pruneEphemeral(new Date(now));
      if (updates || deliveries || ephemeral)
        this.logger.info({ updates, deliveries, ephemeral }, 'housekeeping: old records deleted');
      return { updates, deliveries, ephemeral };
    } catch (err) {
      this.logger.error({ err }, 'housekeeping failed');
      return { updates: 0, deliveries: 0, ephemeral: 0 };
    }
  }
}
