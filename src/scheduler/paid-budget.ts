/**
 * Paid waves (Telegram's allow_paid_broadcast: up to 1,000 messages a second for 0.1 Stars each, paid from the
 * bot's Stars balance): the arithmetic of a wave, and the operator's budget (TELEGRAM_PAID_MAX_STARS per
 * calendar month, UTC).
 *
 * What was spent is kept in the store, so it holds across restarts and a takeover by another process: one
 * shared entry per platform and month ("paid:telegram:2026-12") counts the paid messages *reserved*. The
 * sending process reserves a block of messages (at most 100) before it sends any of them, so the count in the
 * store is never below what was really paid for, sends in flight included; a crash loses at most the unused
 * rest of one block (counted, not spent), and a clean stop hands that rest back. Only the holder of the sender
 * lock reserves (one process at a time, see SenderLock), so the read-then-write needs no transaction.
 */
import type { Clock, Logger } from '../ports/capabilities.js';
import type { Store } from '../ports/store.js';

/** One paid message costs 0.1 Stars: the budget counts in tenths of a Star, one per paid message. */
const MESSAGES_PER_STAR = 10;
/** After Telegram refused a paid send for want of Stars: free sends until then, then one paid try again. */
const OUT_OF_STARS_PAUSE_MS = 10 * 60_000;
const MAX_BLOCK = 100;

export interface PaidRate {
  /** TELEGRAM_PAID_RATE_PER_SECOND (at most 1,000). */
  readonly perSecond: number;
  /** TELEGRAM_PAID_MAX_STARS: the most Stars paid sends may cost per calendar month (UTC). */
  readonly maxStars: number;
}

export interface WaveEstimate {
  readonly recipients: number;
  /** Seconds at the free rate alone. */
  readonly freeSeconds: number;
  /** Messages sent paid (as many as the budget left covers) and free (the rest). */
  readonly paidMessages: number;
  readonly freeMessages: number;
  /** Seconds with paid sending: the paid part at the paid rate, then the rest at the free rate. */
  readonly seconds: number;
  readonly stars: number;
  /** Stars of the month's budget left before this wave. */
  readonly starsLeft: number;
  /** True when the budget does not cover the whole wave (the rest goes out at the free rate). */
  readonly overBudget: boolean;
}

/** Whole messages a number of Stars pays for (0.1 Stars each), without rounding errors of 0.1. */
const messagesFor = (stars: number): number => Math.floor(Math.round(stars * 100) / 10);
const starsFor = (messages: number): number => messages / MESSAGES_PER_STAR;

/**
 * How long a wave of `recipients` takes at the free rate, and with paid sending: how long, how many Stars,
 * and how many messages go out free once `starsLeft` is used up. Sending one message per recipient.
 */
export function estimateWave(
  recipients: number,
  freePerSecond: number,
  paid: { readonly perSecond: number; readonly starsLeft: number },
): WaveEstimate {
  const paidMessages = Math.min(recipients, Math.max(0, messagesFor(paid.starsLeft)));
  const freeMessages = recipients - paidMessages;
  return {
    recipients,
    freeSeconds: recipients / freePerSecond,
    paidMessages,
    freeMessages,
    seconds: paidMessages / paid.perSecond + freeMessages / freePerSecond,
    stars: starsFor(paidMessages),
    starsLeft: Math.max(0, paid.starsLeft),
    overBudget: freeMessages > 0,
  };
}

/** The month a budget entry counts for: "2026-12" (UTC). */
const monthOf = (now: Date): string => now.toISOString().slice(0, 7);

/** The entry is kept a month past its own month, so the last month's figure can still be looked at. */
function expiryOf(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1));
}

export class PaidBudget {
  /** Messages reserved in the store by this process and not used yet, and the entry they were reserved in. */
  private held = 0;
  private heldKey = '';
  private reserving: Promise<boolean> | undefined;
  /** The entry found used up (nothing more is reserved in it); a new month starts afresh. */
  private exhaustedKey = '';
  private refusedUntil = 0;
  private readonly maxMessages: number;

  constructor(
    readonly platform: string,
    readonly rate: PaidRate,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.maxMessages = messagesFor(rate.maxStars);
  }

  private key(now: Date): string {
    return `paid:${this.platform}:${monthOf(now)}`;
  }

  /** Paid messages counted this month (reserved, sent or in flight, by any process). */
  async spent(now = this.clock.now()): Promise<number> {
    const value = await this.store.getEphemeral(this.key(now), now);
    return value === undefined ? 0 : Number(value) || 0;
  }

  /** Stars of this month's budget not yet counted as spent (what this process holds counts as spent). */
  async starsLeft(): Promise<number> {
    return starsFor(Math.max(0, this.maxMessages - (await this.spent())));
  }

  /** A wave of `recipients` from now: at `freePerSecond`, and paid as far as this month's budget goes. */
  async estimate(recipients: number, freePerSecond: number): Promise<WaveEstimate> {
    return estimateWave(recipients, freePerSecond, {
      perSecond: this.rate.perSecond,
      starsLeft: this.outOfStars ? 0 : await this.starsLeft(),
    });
  }

  /** Logs what a wave about to go out takes and costs, and whether the budget leaves part of it free. */
  async announce(recipients: number, freePerSecond: number, what: string): Promise<void> {
    const e = await this.estimate(recipients, freePerSecond);
    this.logger.info(
      {
        platform: this.platform,
        what,
        recipients,
        freeMinutes: Math.round(e.freeSeconds / 6) / 10,
        paidMinutes: Math.round(e.seconds / 6) / 10,
        paidMessages: e.paidMessages,
        stars: e.stars,
        starsLeft: e.starsLeft,
        freeAfterBudget: e.freeMessages,
      },
      e.overBudget
        ? 'wave: paid up to the budget, the rest at the free rate'
        : 'wave: paid broadcast within the budget',
    );
  }

  /** Whether Telegram refused a paid send for want of Stars a short while ago (then everything goes free). */
  get outOfStars(): boolean {
    return this.clock.now().getTime() < this.refusedUntil;
  }

  /**
   * One paid message for the next send, or false: send it free (the budget is used up, or the Stars are). Call
   * only while holding the sender lock.
   */
  async take(): Promise<boolean> {
    if (this.outOfStars) return false;
    for (;;) {
      if (this.held > 0) {
        this.held--;
        return true;
      }
      this.reserving ??= this.reserve().finally(() => (this.reserving = undefined));
      if (!(await this.reserving)) return false;
    }
  }

  /** `count` more paid messages, only if already held (a reply of several messages); false: send it free. */
  takeMore(count: number): boolean {
    if (this.held < count) return false;
    this.held -= count;
    return true;
  }

  /** Paid messages that certainly did not go out (Telegram answered with an error): usable again. */
  refund(count = 1): void {
    this.held += count;
  }

  /** Telegram refused a paid send for want of Stars: everything goes out free for a while. */
  refused(reason: string): void {
    const now = this.clock.now().getTime();
    if (now >= this.refusedUntil)
      this.logger.warn(
        { platform: this.platform, reason, retryPaidInMs: OUT_OF_STARS_PAUSE_MS },
        'paid broadcast refused (Stars balance used up?): sending at the free rate; top up the bot’s Stars',
      );
    this.refusedUntil = now + OUT_OF_STARS_PAUSE_MS;
  }

  /** Hands the unused reservation back to the month's count (clean stop). */
  async release(): Promise<void> {
    if (!this.held) return;
    const held = this.held;
    this.held = 0;
    const now = this.clock.now();
    if (this.heldKey !== this.key(now)) return; // reserved in a month gone by: nothing to give back to
    const spent = await this.spent(now);
    await this.store.putEphemeral(this.heldKey, String(Math.max(0, spent - held)), expiryOf(now));
  }

  private async reserve(): Promise<boolean> {
    const now = this.clock.now();
    const key = this.key(now);
    if (key === this.exhaustedKey) return false;
    const spent = await this.spent(now);
    const block = Math.min(MAX_BLOCK, Math.ceil(this.rate.perSecond / 10), this.maxMessages - spent);
    if (block <= 0) {
      this.exhaustedKey = key;
      this.logger.warn(
        { platform: this.platform, maxStars: this.rate.maxStars, month: monthOf(now) },
        'paid broadcast budget reached for this month: the rest goes out at the free rate',
      );
      return false;
    }
    await this.store.putEphemeral(key, String(spent + block), expiryOf(now));
    // Messages held from a month gone by are used first; they were counted there.
    this.held += block;
    this.heldKey = key;
    return true;
  }
}
