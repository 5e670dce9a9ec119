/**
 * Sends due deliveries from the durable outbox. One worker per platform claims a batch with a lease, paces
 * it through that platform's rate limiter, and marks each delivery sent only after the platform accepted it.
 * A crash repeats at most the in-flight sends (their lease expires and they are claimed again); stop()
 * hands unstarted claims back at once, so nothing stays claimed.
 */
import { randomUUID } from 'node:crypto';
import { languageOf } from '../content/languages.js';
import type { Content, Lang } from '../content/types.js';
import { DeliveryError, type MessageSender } from '../ports/platform.js';
import type { Clock, Logger } from '../ports/capabilities.js';
import type { ReminderText } from '../ports/reminder-text.js';
import type { Delivery, SenderLock, Store } from '../ports/store.js';
import { RateLimiter, realSleep, type RateLimit, type Sleep } from './rate-limiter.js';
import { PaidBudget, type PaidRate, type WaveEstimate } from './paid-budget.js';
import { backoff } from '../util/backoff.js';
import { DEFAULT_TIMEZONE, inSendWindow, nextWindowStart } from './timing.js';

export interface SchedulerOptions {
  readonly store: Store;
  readonly content: () => Content;
  /** Composes each delivery's text when it is sent (the engine's composeDelivery). */
  readonly reminderText: ReminderText;
  readonly senders: ReadonlyMap<string, MessageSender>;
  readonly limits: Readonly<Record<string, RateLimit>>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sleep?: Sleep;
  /** Claims are tagged with this; default: a random id per process. */
  readonly owner?: string;
  readonly leaseMs?: number;
  readonly batchSize?: number;
  /**
   * Sends in flight at once per platform (the rate limiter still paces them). Default 8; with paid sending one
   * per 20 messages a second of the paid rate (50 at 1,000/s), so the rate is not capped by round trips.
   */
  readonly concurrency?: number;
  readonly maxAttempts?: number;
  /** Longest idle wait between looks at the outbox. */
  readonly idleMs?: number;
  /**
   * While another process holds the sender lock, look this often whether it is free (the holder died or
   * stopped): the takeover time after a crash of the sending process.
   */
  readonly leaderPollMs?: number;
  /**
   * Paid sending for one platform (TELEGRAM_PAID_BROADCAST): its deliveries go out paid at `perSecond` while the
   * month's budget lasts, then free at its normal limit. The per-chat interval stays.
   */
  readonly paid?: (PaidRate & { readonly platform: string }) | undefined;
  /** Called after each finished delivery (metrics). */
  readonly onOutcome?: (
    platform: string,
    outcome: 'sent' | 'failed' | 'skipped' | 'retry' | 'rate_limited',
  ) => void;
  /** Called when this process becomes the sender, with the number of dead claims it handed back (metrics). */
  readonly onTakeover?: (released: number) => void;
}

/** A rate window plus the limiter's margin (see rate-limiter.ts): a new sender waits this long before its first send. */
const HANDOVER_WINDOW_MS = 1050;

export class Scheduler {
  readonly owner: string;
  private readonly limiters = new Map<string, RateLimiter>();
  private running = false;
  private loops: Promise<void>[] = [];
  private wake: (() => void) | undefined;
  private readonly sleep: Sleep;
  private readonly lock: SenderLock;
  private leading = false;
  private readonly budget: PaidBudget | undefined;

  constructor(private readonly opts: SchedulerOptions) {
    this.owner = opts.owner ?? `scheduler-${randomUUID()}`;
    this.sleep = opts.sleep ?? realSleep;
    this.lock = opts.store.senderLock();
    this.lock.onWake(() => this.nudge());
    const paid = opts.paid && opts.senders.has(opts.paid.platform) ? opts.paid : undefined;
    if (paid)
      this.budget = new PaidBudget(
        paid.platform,
        paid,
        opts.store,
        opts.clock,
        opts.logger.child({ paid: true }),
      );
    for (const platform of opts.senders.keys()) {
      const limit = opts.limits[platform] ?? { perSecond: 10, perChatIntervalMs: 1000 };
      this.limiters.set(
        platform,
        new RateLimiter(
          platform === paid?.platform ? { ...limit, paidPerSecond: paid.perSecond } : limit,
          opts.clock,
          this.sleep,
        ),
      );
    }
  }

  /**
   * What a wave of `recipients` messages on `platform` takes: at the free rate, and with paid sending (time,
   * Stars, and how many go out free once the month's budget is used up). Undefined without paid sending.
   */
  async estimateWave(platform: string, recipients: number): Promise<WaveEstimate | undefined> {
    if (this.budget?.platform !== platform) return undefined;
    return this.budget.estimate(recipients, this.opts.limits[platform]?.perSecond ?? 10);
  }

  /** Logs what a wave that is about to go out will take and cost (with paid sending; else nothing). */
  async announceWave(platform: string, recipients: number, what: string): Promise<void> {
    if (this.budget?.platform !== platform || !recipients) return;
    await this.budget
      .announce(recipients, this.opts.limits[platform]?.perSecond ?? 10, what)
      .catch((err: unknown) => this.opts.logger.warn({ err }, 'paid budget: could not estimate the wave'));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = [...this.opts.senders.keys()].map((platform) => this.loop(platform));
  }

  /** Stops claiming, lets in-flight sends finish, hands back unstarted claims. Idempotent. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await Promise.all(this.loops);
    this.loops = [];
    if (this.leading) this.opts.logger.info({}, 'scheduler: gives up sending; another process may take over');
    // Hand unused paid reservations back, but only while still the sender (else another process counts now).
    if (this.leading && this.lock.held)
      await this.budget
        ?.release()
        .catch((err: unknown) => this.opts.logger.warn({ err }, 'paid budget: could not hand back'));
    this.leading = false;
    await this.lock.release();
  }

  /** True while this process is the one that sends (see SenderLock); a new sender first hands back stale claims. */
  get isSender(): boolean {
    return this.leading && this.lock.held;
  }

  private async lead(): Promise<boolean> {
    const was = this.leading;
    const now = await this.lock.acquire();
    this.leading = now;
    if (now && !was) {
      // The previous sender may have sent up to the moment it died, and this limiter does not know when to whom:
      // wait out one rate window and one per-chat interval, so the limits hold across the handover too.
      for (const [platform, limiter] of this.limiters) {
        const perChat = this.opts.limits[platform]?.perChatIntervalMs ?? 1000;
        limiter.pause(new Date(this.opts.clock.now().getTime() + Math.max(HANDOVER_WINDOW_MS, perChat)));
      }
      // Only the sender claims, so any other claim belongs to a process that died or lost the lock.
      const released = await this.opts.store.releaseClaims(this.owner);
      this.opts.logger.info({ released }, 'scheduler: this process sends now');
      this.opts.onTakeover?.(released);
    } else if (was && !now)
      this.opts.logger.warn({}, 'scheduler: lost the sender lock; another process sends');
    return now;
  }

  /** Something new may be due (a subscription, a personal reminder): look now instead of after the idle wait. */
  nudge(): void {
    this.wake?.();
  }

  /** One pass for one platform: claim a batch and process it. Returns how many were claimed. */
  async runOnce(platform: string): Promise<number> {
    const { store, clock } = this.opts;
    const batch = await store.claimDue({
      now: clock.now(),
      owner: this.owner,
      leaseMs: this.opts.leaseMs ?? 60_000,
      limit: this.opts.batchSize ?? this.defaultBatch(platform),
      platform,
    });
    if (!batch.length) return 0;
    const queue = [...batch];
    const worker = async (): Promise<void> => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        if (!this.running && this.loops.length) {
          await store.retryLater(d.id, this.owner, clock.now(), 'shutdown');
          continue;
        }
        await this.process(platform, d);
      }
    };
    const concurrency =
      this.opts.concurrency ??
      (this.budget?.platform === platform ? Math.max(8, Math.ceil(this.budget.rate.perSecond / 20)) : 8);
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
    return batch.length;
  }

  /**
   * 100; with paid sending a second's worth at the paid rate (one claim query a second at 1,000/s), but no more
   * than 30 s at the free rate, so a batch that falls back to free sending still ends well within its lease.
   */
  private defaultBatch(platform: string): number {
    if (this.budget?.platform !== platform) return 100;
    const free = this.opts.limits[platform]?.perSecond ?? 10;
    return Math.max(100, Math.min(Math.ceil(this.budget.rate.perSecond), Math.floor(free * 30)));
  }

  private async loop(platform: string): Promise<void> {
    const { logger } = this.opts;
    let failures = 0;
    while (this.running) {
      try {
        if (!(await this.lead())) {
          await this.idle(this.opts.leaderPollMs ?? 1000);
          continue;
        }
        const claimed = await this.runOnce(platform);
        failures = 0;
        if (claimed) continue;
        const next = await this.opts.store.nextDue();
        const wait = next ? Math.max(0, next.getTime() - this.opts.clock.now().getTime()) : Infinity;
        await this.idle(Math.min(wait, this.opts.idleMs ?? 30_000));
      } catch (err) {
        // The store is unreachable (PostgreSQL restarting, disk full): back off and try again; nothing is lost,
        // because deliveries stay in the outbox until they are marked.
        failures++;
        logger.error({ err, platform, failures }, 'scheduler pass failed');
        await this.idle(backoff(Math.min(failures, 7), { baseMs: 500, maxMs: 60_000 }));
      }
    }
  }

  private idle(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
      if (this.sleep === realSleep) timer = setTimeout(done, ms);
      else void this.sleep(ms).then(done);
    });
  }

  private async process(platform: string, d: Delivery): Promise<void> {
    const { store, clock, logger } = this.opts;
    const log = logger.child({ delivery: d.id, kind: d.kind, platform });
    const now = clock.now();
    const finish = async (status: 'failed' | 'skipped', reason: string) => {
      await store.finish(d.id, this.owner, status, reason, clock.now());
      this.opts.onOutcome?.(platform, status);
      log.info({ reason }, `delivery ${status}`);
    };
    const settings = await store.getSettings(d.conversation);
    if (!settings || !settings.active) return finish('skipped', 'conversation unreachable');
    if ((d.kind === 'deadline' || d.kind === 'announce') && !settings.subscribed)
      return finish('skipped', 'unsubscribed');
    if (d.notAfter && now.getTime() >= d.notAfter.getTime()) return finish('skipped', 'deadline passed');
    const timezone = settings.timezone ?? DEFAULT_TIMEZONE;
    if (!inSendWindow(now, timezone)) {
      const at = nextWindowStart(now, timezone);
      if (d.notAfter && at.getTime() >= d.notAfter.getTime())
        return finish('skipped', 'deadline passed before the sending window');
      await store.retryLater(d.id, this.owner, at, 'outside sending window');
      return;
    }
    const content = this.opts.content();
    if (d.kind === 'deadline' && this.checklistCovers(content, d.ref, settings.checklist))
      return finish('skipped', 'marked done');
    // The same rule as user turns: the explicit choice, else the hint last seen from them, else the default.
    const lang: Lang = languageOf(settings.lang, settings.langHint, content.languages);
    const reply = this.opts.reminderText(content, d, lang, timezone, now);
    if (!reply) return finish('skipped', 'no longer in the content');
    const sender = this.opts.senders.get(platform);
    if (!sender) return finish('failed', `no sender for platform "${platform}"`);

    const budget = this.budget?.platform === platform && this.lock.held ? this.budget : undefined;
    // Paid sending: one message of the budget is reserved before pacing, so the budget holds with sends in flight.
    let paid = budget ? await budget.take() : false;
    for (;;) {
      await this.limiters.get(platform)!.acquire(d.conversation, paid);
      if (!this.lock.held) {
        if (paid) budget!.refund();
        // Lost the right to send while waiting: the new sender sends it (it handed our claims back, or will).
        await store.retryLater(d.id, this.owner, clock.now(), 'another process sends now');
        return;
      }
      /** Paid messages reserved for this delivery (one, or one per message of a longer reply). */
      let parts = paid ? 1 : 0;
      const options = paid
        ? {
            // A reply of several messages is paid for each; without that many held, it goes out free.
            paid: (messages: number): boolean => {
              if (messages > 1 && !budget!.takeMore(messages - 1)) {
                budget!.refund(1);
                parts = 0;
                return false;
              }
              parts = messages;
              return true;
            },
          }
        : undefined;
      try {
        await sender.send(d.conversation, reply, d.key, options);
      } catch (err) {
        const failure = err instanceof DeliveryError ? err.failure : 'transient';
        // Telegram answered no, so nothing was paid for (a network error may have been paid: stays counted; so
        // does a longer reply, whose first messages may have gone out).
        if (parts === 1 && failure !== 'transient') budget!.refund(1);
        if (paid && failure === 'paid_refused') {
          budget!.refused(err instanceof Error ? err.message.slice(0, 200) : 'refused');
          paid = false;
          continue; // the same delivery again, now free: nobody is dropped for want of Stars
        }
        return this.failed(platform, d, err, log);
      }
      break;
    }
    if (await store.markSent(d.id, this.owner, clock.now())) this.opts.onOutcome?.(platform, 'sent');
    else log.warn({}, 'delivery sent but its claim was lost (lease expired)');
  }

  private async failed(platform: string, d: Delivery, err: unknown, log: Logger): Promise<void> {
    const { store, clock } = this.opts;
    const failure = err instanceof DeliveryError ? err.failure : 'transient';
    const message = err instanceof Error ? err.message.slice(0, 300) : String(err).slice(0, 300);
    const now = clock.now();
    switch (failure) {
      case 'blocked':
        await store.markInactive(d.conversation, 'blocked');
        await store.unsubscribe(d.conversation);
        await store.finish(d.id, this.owner, 'skipped', `blocked: ${message}`, now);
        this.opts.onOutcome?.(platform, 'skipped');
        log.info({}, 'conversation blocked the bot; subscription ended');
        return;
      case 'rate_limited': {
        const retryAt = new Date(now.getTime() + ((err as DeliveryError).retryAfterMs ?? 1000));
        this.limiters.get(platform)?.pause(retryAt);
        await store.retryLater(d.id, this.owner, retryAt, `rate limited: ${message}`);
        this.opts.onOutcome?.(platform, 'rate_limited');
        log.warn({ retryAfterMs: retryAt.getTime() - now.getTime() }, 'platform rate limit: queue paused');
        return;
      }
      case 'transient':
        if (d.attempts >= (this.opts.maxAttempts ?? 8)) {
          await store.finish(
            d.id,
            this.owner,
            'failed',
            `gave up after ${d.attempts} attempts: ${message}`,
            now,
          );
          this.opts.onOutcome?.(platform, 'failed');
          log.error({ attempts: d.attempts }, 'delivery failed for good');
        } else {
          const wait = backoff(d.attempts, { baseMs: 1000, maxMs: 3_600_000 });
          await store.retryLater(d.id, this.owner, new Date(now.getTime() + wait), message);
          this.opts.onOutcome?.(platform, 'retry');
        }
        return;
      case 'paid_refused': // only from a paid send, which process() sends again free; from elsewhere: permanent
      case 'permanent':
        await store.finish(d.id, this.owner, 'failed', message, now);
        this.opts.onOutcome?.(platform, 'failed');
        log.error({}, 'platform refused the delivery');
        return;
    }
  }

  /** A deadline reminder is pointless once every checklist topic it concerns is marked done. */
  private checklistCovers(content: Content, deadlineId: string, checklist: readonly string[]): boolean {
    const d = content.deadlines.find((x) => x.id === deadlineId);
    if (!d) return false;
    const checkable = d.topics.filter((t) => content.topics.get(t)?.checklist);
    return checkable.length > 0 && checkable.every((t) => checklist.includes(t));
  }
}
