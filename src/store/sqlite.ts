/**
 * The SQLite store: one file, one process (start-up refuses a second), synchronous better-sqlite3 calls behind the
 * async port. Every method runs to completion before another starts, so a transaction never interleaves.
 */
import type Database from 'better-sqlite3';
import type { Lang } from '../content/types.js';
import { systemClock, type Clock, type LanguagePreference, type Logger } from '../ports/capabilities.js';
import { describeSqliteError } from './errors.js';
import { SQLITE } from './sqlite-sql.js';
import { openSqlite, type SqliteOpenOptions } from './sqlite-open.js';
import {
  byDue,
  checkClaim,
  checkDelivery,
  checkLimit,
  emptyDeliveryCounts,
  groupChecklist,
  cancelWhere,
  toDelivery,
  toLang,
  toSettings,
  type CancelFilter,
  type ConversationRow,
  type DeliveryRow,
} from './rows.js';
import type {
  ClaimOptions,
  ConversationExport,
  ConversationSettings,
  Delivery,
  DeliveryKind,
  FinishStatus,
  NewDelivery,
  Store,
  SenderLock,
  StoreStats,
} from '../ports/store.js';
import { claimPlanQuery, type ExplainOptions } from './explain.js';
import { moveSqlite, type Statements } from './sqlite-move.js';

const HELD: SenderLock = {
  held: true,
  acquire: () => Promise.resolve(true),
  onWake: () => undefined,
  release: () => Promise.resolve(),
};

export interface SqliteStoreOptions extends SqliteOpenOptions {
  readonly logger?: Logger;
  /** Source of created_at / updated_at; methods that take `now` use that instead. */
  readonly clock?: Clock;
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly q: Statements;
  private readonly clock: Clock;

  /** Opens (creating if needed) the file at `path`; throws StoreError if it is locked, foreign or damaged. */
  constructor(
    readonly path: string,
    options: SqliteStoreOptions = {},
  ) {
    const { db, applied } = openSqlite(path, options);
    this.db = db;
    this.clock = options.clock ?? systemClock;
    this.q = Object.fromEntries(
      Object.entries(SQLITE).map(([name, sql]) => [name, db.prepare(sql)]),
    ) as Statements;
    if (applied.length > 0)
      options.logger?.info({ path, versions: applied }, 'store: SQLite schema migrated');
    // The exclusive lock proves that no other process uses this file, so a claim left in it belongs to a process
    // that died (SIGKILL, power cut): hand it back at once instead of waiting for its lease to expire.
    const released = db
      .prepare(
        `UPDATE deliveries SET status = 'pending', lease_owner = NULL, lease_until = NULL WHERE status = 'claimed'`,
      )
      .run().changes;
    if (released > 0)
      options.logger?.warn({ path, released }, 'store: claims of a stopped process handed back');
  }

  /** Runs `fn`, turning disk-full, I/O and corruption errors into StoreErrors that name the file. */
  private run<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (err) {
      return Promise.reject(describeSqliteError(this.path, err));
    }
  }

  private tx<T>(fn: () => T): Promise<T> {
    return this.run(() => this.db.transaction(fn).immediate());
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  getLanguage(conversation: string): Promise<Lang | undefined> {
    return this.run(() =>
      toLang((this.q.getLang.pluck().get(conversation) as string | null | undefined) ?? null),
    );
  }

  getLanguagePreference(conversation: string): Promise<LanguagePreference | undefined> {
    return this.run(() => {
      const row = this.q.getLangPreference.get(conversation) as
        { lang: string | null; lang_hint: string | null } | undefined;
      return row && { lang: toLang(row.lang), hint: row.lang_hint ?? undefined };
    });
  }

  setLanguageHint(conversation: string, hint: string): Promise<void> {
    return this.run(() => void this.q.setLangHint.run({ id: conversation, value: hint, now: this.now() }));
  }

  setLanguage(conversation: string, lang: Lang): Promise<void> {
    return this.run(() => void this.q.setLang.run({ id: conversation, value: lang, now: this.now() }));
  }

  setTimezone(conversation: string, timezone: string): Promise<void> {
    return this.run(
      () => void this.q.setTimezone.run({ id: conversation, value: timezone, now: this.now() }),
    );
  }

  markInactive(conversation: string, reason: string): Promise<void> {
    return this.run(() => void this.q.markInactive.run({ id: conversation, value: reason, now: this.now() }));
  }

  markActive(conversation: string): Promise<void> {
    return this.run(() => void this.q.markActive.run(this.now(), conversation));
  }

  isActive(conversation: string): Promise<boolean> {
    return this.run(() => (this.q.getActive.pluck().get(conversation) as number | undefined) !== 0);
  }

  getSettings(conversation: string): Promise<ConversationSettings | undefined> {
    return this.run(() => this.settings(conversation));
  }

  private settings(conversation: string): ConversationSettings | undefined {
    const row = this.q.getConversation.get(conversation) as ConversationRow | undefined;
    if (!row) return undefined;
    return toSettings(row, this.q.getChecklist.pluck().all(conversation) as string[]);
  }

  subscribe(conversation: string): Promise<boolean> {
    return this.run(() => this.q.subscribe.get({ id: conversation, now: this.now() }) !== undefined);
  }

  unsubscribe(conversation: string): Promise<boolean> {
    return this.tx(() => {
      const was = this.q.unsubscribe.run(this.now(), conversation).changes > 0;
      this.q.deleteOpenOfConversation.run(conversation);
      return was;
    });
  }

  setChecklistItem(conversation: string, item: string, done: boolean): Promise<void> {
    return this.tx(() => {
      const now = this.now();
      if (done) {
        this.q.touchConversation.run({ id: conversation, now });
        this.q.checkItem.run(conversation, item, now);
      } else if (this.q.uncheckItem.run(conversation, item).changes > 0) {
        this.q.touchExisting.run(now, conversation);
      }
    });
  }

  async listSubscribers(after: string | undefined, limit: number): Promise<ConversationSettings[]> {
    checkLimit('listSubscribers limit', limit);
    return this.run(() => {
      const rows = this.q.listSubscribers.all(after ?? '', limit) as ConversationRow[];
      const last = rows.at(-1);
      if (!last) return [];
      const items = groupChecklist(
        this.q.checklistRange.all(after ?? '', last.id) as Array<{ conversation_id: string; item: string }>,
      );
      return rows.map((row) => toSettings(row, items.get(row.id) ?? []));
    });
  }

  async enqueue(deliveries: readonly NewDelivery[]): Promise<number> {
    deliveries.forEach(checkDelivery);
    return this.tx(() => {
      const now = this.now();
      let inserted = 0;
      for (const d of deliveries) {
        inserted += this.q.enqueue.run(
          d.key,
          d.conversation,
          d.kind,
          d.ref,
          d.offsetDays ?? null,
          d.dueAt.getTime(),
          d.notAfter?.getTime() ?? null,
          d.payload ?? null,
          now,
        ).changes;
      }
      return inserted;
    });
  }

  async claimDue(options: ClaimOptions): Promise<Delivery[]> {
    checkClaim(options);
    return this.tx(() => {
      const now = options.now.getTime();
      const lease = [options.owner, now + options.leaseMs, now, now] as const;
      const rows = (
        options.platform === undefined
          ? this.q.claim.all(...lease, options.limit)
          : this.q.claimPlatform.all(...lease, options.platform, options.limit)
      ) as DeliveryRow[];
      return rows.map(toDelivery).sort(byDue);
    });
  }

  markSent(id: number, owner: string, now: Date): Promise<boolean> {
    return this.run(() => this.q.markSent.run(now.getTime(), id, owner).changes > 0);
  }

  retryLater(id: number, owner: string, retryAt: Date, error: string): Promise<boolean> {
    return this.run(() => this.q.retryLater.run(retryAt.getTime(), error, id, owner).changes > 0);
  }

  finish(id: number, owner: string, status: FinishStatus, reason: string, now: Date): Promise<boolean> {
    if (status !== 'failed' && status !== 'skipped')
      return Promise.reject(new TypeError(`finish: status must be failed or skipped, not ${String(status)}`));
    return this.run(() => this.q.finish.run(status, reason, now.getTime(), id, owner).changes > 0);
  }

  async cancelPending(filter: CancelFilter & { readonly kind?: DeliveryKind }): Promise<number> {
    const { where, params } = cancelWhere(filter, () => '?');
    return this.run(() => this.db.prepare(`DELETE FROM deliveries WHERE ${where}`).run(...params).changes);
  }

  async listDeliveries(conversation: string, limit: number): Promise<Delivery[]> {
    checkLimit('listDeliveries limit', limit);
    return this.run(() => (this.q.listDeliveries.all(conversation, limit) as DeliveryRow[]).map(toDelivery));
  }

  nextDue(): Promise<Date | undefined> {
    return this.run(() => {
      const due = this.q.nextPending.pluck().get() as number | undefined;
      const lease = this.q.nextLeaseExpiry.pluck().get() as number | null | undefined;
      const times = [due, lease].filter((t): t is number => typeof t === 'number');
      return times.length > 0 ? new Date(Math.min(...times)) : undefined;
    });
  }

  knownDeadlines(): Promise<Map<string, number>> {
    return this.run(
      () =>
        new Map(
          (this.q.knownDeadlines.all() as Array<{ id: string; at_ms: number }>).map((r) => [r.id, r.at_ms]),
        ),
    );
  }

  setKnownDeadline(id: string, atMs: number): Promise<void> {
    return this.run(() => void this.q.setKnownDeadline.run(id, atMs));
  }

  removeKnownDeadline(id: string): Promise<void> {
    return this.run(() => void this.q.removeKnownDeadline.run(id));
  }

  putEphemeral(key: string, value: string, expiresAt: Date, conversation?: string): Promise<void> {
    return this.run(
      () => void this.q.putEphemeral.run(key, conversation ?? null, value, expiresAt.getTime()),
    );
  }

  getEphemeral(key: string, now: Date): Promise<string | undefined> {
    return this.run(() => this.q.getEphemeral.pluck().get(key, now.getTime()) as string | undefined);
  }

  takeEphemeral(key: string, now: Date): Promise<string | undefined> {
    return this.run(() => {
      const row = this.q.takeEphemeral.get(key) as { value: string; expires_at: number } | undefined;
      return row && row.expires_at > now.getTime() ? row.value : undefined;
    });
  }

  pruneEphemeral(now: Date): Promise<number> {
    return this.run(() => this.q.pruneEphemeral.run(now.getTime()).changes);
  }

  moveConversation(from: string, to: string, now: Date): Promise<boolean> {
    if (from === to) return Promise.resolve(false);
    return this.tx(() => moveSqlite(this.q, { from, to, now: now.getTime() }));
  }

  releaseClaims(exceptOwner: string): Promise<number> {
    return this.run(() => this.q.releaseClaims.run(exceptOwner).changes);
  }

  /** The file lock already makes this the only process: the right to send is always held. */
  senderLock(): SenderLock {
    return HELD;
  }

  markUpdateSeen(platform: string, updateId: string, now: Date): Promise<boolean> {
    return this.run(() => this.q.markUpdateSeen.run(platform, updateId, now.getTime()).changes > 0);
  }

  pruneSeenUpdates(before: Date): Promise<number> {
    return this.run(() => this.q.pruneSeenUpdates.run(before.getTime()).changes);
  }

  pruneFinished(before: Date, limit: number): Promise<number> {
    checkLimit('pruneFinished limit', limit);
    return this.run(() => this.q.pruneFinished.run(before.getTime(), limit).changes);
  }

  exportConversation(conversation: string): Promise<ConversationExport> {
    return this.run(() => ({
      settings: this.settings(conversation),
      deliveries: (this.q.exportDeliveries.all(conversation) as DeliveryRow[]).map(toDelivery),
    }));
  }

  forgetConversation(conversation: string): Promise<number> {
    return this.tx(
      () =>
        this.q.forgetChecklist.run(conversation).changes +
        this.q.forgetDeliveries.run(conversation).changes +
        this.q.forgetEphemeral.run(conversation).changes +
        this.q.forgetConversation.run(conversation).changes,
    );
  }

  stats(): Promise<StoreStats> {
    return this.run(() => {
      const subscribers = (
        this.q.subscriberStats.all() as Array<{ platform: string; lang: string; count: number }>
      ).map((r) => ({ ...r }));
      const deliveries = emptyDeliveryCounts();
      for (const row of this.q.deliveryStats.all() as Array<{
        status: keyof typeof deliveries;
        count: number;
      }>)
        deliveries[row.status] = row.count;
      return { subscribers, deliveries };
    });
  }

  ping(): Promise<void> {
    return this.run(() => void this.q.ping.get());
  }

  /** The plan of the claim statement (EXPLAIN QUERY PLAN), one line per step: shows which index it uses. */
  explainClaim(options: ExplainOptions = {}): Promise<string[]> {
    const { sql, params } = claimPlanQuery('sqlite', options, this.clock.now());
    return this.run(() =>
      (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map(
        (r) => r.detail,
      ),
    );
  }

  /**
   * Copies the database to `destination` while the bot runs (SQLite's online backup). Other programs cannot read
   * the live file, since the bot holds it exclusively; back up through this, or stop the bot and copy the file.
   */
  async backup(destination: string): Promise<void> {
    try {
      await this.db.backup(destination);
    } catch (err) {
      throw describeSqliteError(destination, err);
    }
  }

  /** Releases the file (and its lock). Idempotent. */
  // eslint-disable-next-line @typescript-eslint/require-await -- synchronous here, async in the Store port (PostgreSQL); a throw must become a rejection
  async close(): Promise<void> {
    if (!this.db.open) return;
    try {
      this.db.pragma('optimize'); // refreshes planner statistics where they went stale; cheap
    } catch {
      // best effort (a full disk refuses it); closing matters more
    } finally {
      this.db.close();
    }
  }
}
