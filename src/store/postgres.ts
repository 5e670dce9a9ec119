/**
 * The PostgreSQL store: several bot processes may share one database. Claims use FOR UPDATE SKIP LOCKED, so each
 * delivery goes to exactly one claimer. A call whose connection died (server restart, terminated backend) is
 * retried once on a fresh connection. In the rare case that the first attempt had committed before the connection
 * died, the repeat sees its effect: upserts and keyed inserts change nothing, markSent / markUpdateSeen / subscribe
 * answer false, and a repeated claimDue claims a further batch while the first waits for its lease (late, not lost).
 */
import { randomUUID } from 'node:crypto';
import type { Lang } from '../content/types.js';
import { systemClock, type Clock, type LanguagePreference, type Logger } from '../ports/capabilities.js';
import { StoreError } from './errors.js';
import { claimPlanQuery, type ExplainOptions } from './explain.js';
import { PG } from './postgres-sql.js';
import { migratePostgres } from './postgres-migrate.js';
import { PgSenderLock, dueChannel } from './postgres-lock.js';
import { moveConversation } from './postgres-move.js';
import {
  PgSession,
  clientConfig,
  createPool,
  describeTarget,
  type Db,
  type PoolOptions,
} from './postgres-pool.js';
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

export interface PostgresStoreOptions extends PoolOptions {
  readonly clock?: Clock | undefined;
}

/** Rows per INSERT when enqueueing; all chunks of one call share a transaction. */
const ENQUEUE_CHUNK = 5000;
/**
 * After this many new deliveries the planner statistics are refreshed (ANALYZE deliveries, ~0.1 s), so a fan-out
 * enqueued while the table was idle does not run on statistics that say there are no open deliveries.
 */
const ANALYZE_AFTER = 10_000;

export class PostgresStore implements Store {
  readonly kind = 'postgres';
  private readonly withClient: PgSession['withClient'];
  private readonly query: PgSession['query'];
  private readonly tx: PgSession['tx'];
  private enqueuedSinceAnalyze = 0;
  private lock: PgSenderLock | undefined;
  /** NOTIFY channel for "something is due" (per schema); set once migrated. */
  private channel = '';

  private constructor(
    private readonly session: PgSession,
    private readonly clock: Clock,
    private readonly logger: Logger | undefined,
    private readonly options: PostgresStoreOptions,
  ) {
    this.withClient = session.withClient.bind(session);
    this.query = session.query.bind(session);
    this.tx = session.tx.bind(session);
  }

  /** Where the data lives, without credentials (for messages and logs). */
  get target(): string {
    return this.session.target;
  }

  /** Connects, creates the schema if needed and migrates. Throws StoreError naming the database if it cannot. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const target = describeTarget(options.databaseUrl, options.schema);
    const pool = createPool(options);
    const store = new PostgresStore(
      new PgSession(pool, target, options.logger),
      options.clock ?? systemClock,
      options.logger,
      options,
    );
    try {
      const applied = await store.withClient((c) => migratePostgres(c, target, options.schema));
      const schema = (await store.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]?.s;
      store.channel = dueChannel(schema ?? 'public');
      if (applied.length > 0)
        options.logger?.info({ target, versions: applied }, 'store: PostgreSQL schema migrated');
      return store;
    } catch (err) {
      await pool.end().catch(() => undefined);
      if (err instanceof StoreError) throw err;
      const detail = err instanceof Error ? err.message : String(err);
      throw new StoreError('io', `cannot open the database at ${target}: ${detail}`, { cause: err });
    }
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  async getLanguage(conversation: string): Promise<Lang | undefined> {
    const { rows } = await this.query<{ lang: string | null }>(PG.getLang, [conversation]);
    return toLang(rows[0]?.lang ?? null);
  }

  async getLanguagePreference(conversation: string): Promise<LanguagePreference | undefined> {
    const { rows } = await this.query<{ lang: string | null; lang_hint: string | null }>(
      PG.getLangPreference,
      [conversation],
    );
    const row = rows[0];
    return row && { lang: toLang(row.lang), hint: row.lang_hint ?? undefined };
  }

  async setLanguageHint(conversation: string, hint: string): Promise<void> {
    await this.query(PG.setLangHint, [conversation, hint, this.now()]);
  }

  async setLanguage(conversation: string, lang: Lang): Promise<void> {
    await this.query(PG.setLang, [conversation, lang, this.now()]);
  }

  async setTimezone(conversation: string, timezone: string): Promise<void> {
    await this.query(PG.setTimezone, [conversation, timezone, this.now()]);
  }

  async markInactive(conversation: string, reason: string): Promise<void> {
    await this.query(PG.markInactive, [conversation, reason, this.now()]);
  }

  async markActive(conversation: string): Promise<void> {
    await this.query(PG.markActive, [conversation, this.now()]);
  }

  async isActive(conversation: string): Promise<boolean> {
    const { rows } = await this.query<{ active: boolean }>(PG.getActive, [conversation]);
    return rows[0]?.active ?? true;
  }

  getSettings(conversation: string): Promise<ConversationSettings | undefined> {
    return this.withClient((c) => this.settings(c, conversation));
  }

  private async settings(db: Db, conversation: string): Promise<ConversationSettings | undefined> {
    const row = (await db.query<ConversationRow>(PG.getConversation, [conversation])).rows[0];
    if (!row) return undefined;
    const items = (await db.query<{ item: string }>(PG.getChecklist, [conversation])).rows.map((r) => r.item);
    return toSettings(row, items);
  }

  async subscribe(conversation: string): Promise<boolean> {
    return ((await this.query(PG.subscribe, [conversation, this.now()])).rowCount ?? 0) > 0;
  }

  unsubscribe(conversation: string): Promise<boolean> {
    return this.tx(async (db) => {
      const was = ((await db.query(PG.unsubscribe, [conversation, this.now()])).rowCount ?? 0) > 0;
      await db.query(PG.deleteOpenOfConversation, [conversation]);
      return was;
    });
  }

  async setChecklistItem(conversation: string, item: string, done: boolean): Promise<void> {
    await this.tx(async (db) => {
      const now = this.now();
      if (done) {
        await db.query(PG.touchConversation, [conversation, now]);
        await db.query(PG.checkItem, [conversation, item, now]);
      } else if (((await db.query(PG.uncheckItem, [conversation, item])).rowCount ?? 0) > 0) {
        await db.query(PG.touchExisting, [conversation, now]);
      }
    });
  }

  async listSubscribers(after: string | undefined, limit: number): Promise<ConversationSettings[]> {
    checkLimit('listSubscribers limit', limit);
    return this.withClient(async (db) => {
      const rows = (await db.query<ConversationRow>(PG.listSubscribers, [after ?? '', limit])).rows;
      const last = rows.at(-1);
      if (!last) return [];
      const items = groupChecklist(
        (await db.query<{ conversation_id: string; item: string }>(PG.checklistRange, [after ?? '', last.id]))
          .rows,
      );
      return rows.map((row) => toSettings(row, items.get(row.id) ?? []));
    });
  }

  async enqueue(deliveries: readonly NewDelivery[]): Promise<number> {
    deliveries.forEach(checkDelivery);
    if (deliveries.length === 0) return 0;
    // Key order: two processes enqueueing overlapping batches then take the unique-key locks in the same order
    // and wait for each other instead of deadlocking.
    const sorted = [...deliveries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const inserted = await this.tx(async (db) => {
      const now = this.now();
      let inserted = 0;
      for (let i = 0; i < sorted.length; i += ENQUEUE_CHUNK) {
        const chunk = sorted.slice(i, i + ENQUEUE_CHUNK);
        const result = await db.query(PG.enqueue, [
          chunk.map((d) => d.key),
          chunk.map((d) => d.conversation),
          chunk.map((d) => d.kind),
          chunk.map((d) => d.ref),
          chunk.map((d) => d.offsetDays ?? null),
          chunk.map((d) => d.dueAt.getTime()),
          chunk.map((d) => d.notAfter?.getTime() ?? null),
          chunk.map((d) => d.payload ?? null),
          now,
        ]);
        inserted += result.rowCount ?? 0;
      }
      return inserted;
    });
    if (inserted > 0)
      await this.query(PG.notifyDue, [this.channel]).catch((err: unknown) =>
        this.logger?.warn({ err }, 'store: NOTIFY failed; the sender finds the deliveries on its next look'),
      );
    this.enqueuedSinceAnalyze += inserted;
    if (this.enqueuedSinceAnalyze >= ANALYZE_AFTER) {
      this.enqueuedSinceAnalyze = 0;
      await this.query('ANALYZE deliveries').catch((err: unknown) =>
        this.logger?.warn({ err }, 'store: ANALYZE deliveries failed'),
      );
    }
    return inserted;
  }

  async claimDue(options: ClaimOptions): Promise<Delivery[]> {
    checkClaim(options);
    const now = options.now.getTime();
    const params = [options.owner, now + options.leaseMs, now, options.limit];
    const { rows } =
      options.platform === undefined
        ? await this.query<DeliveryRow>(PG.claim, params)
        : await this.query<DeliveryRow>(PG.claimPlatform, [...params, options.platform]);
    return rows.map(toDelivery).sort(byDue);
  }

  async markSent(id: number, owner: string, now: Date): Promise<boolean> {
    return ((await this.query(PG.markSent, [id, owner, now.getTime()])).rowCount ?? 0) > 0;
  }

  async retryLater(id: number, owner: string, retryAt: Date, error: string): Promise<boolean> {
    return ((await this.query(PG.retryLater, [id, owner, retryAt.getTime(), error])).rowCount ?? 0) > 0;
  }

  async finish(id: number, owner: string, status: FinishStatus, reason: string, now: Date): Promise<boolean> {
    if (status !== 'failed' && status !== 'skipped')
      throw new TypeError(`finish: status must be failed or skipped, not ${String(status)}`);
    return ((await this.query(PG.finish, [id, owner, status, reason, now.getTime()])).rowCount ?? 0) > 0;
  }

  async cancelPending(filter: CancelFilter & { readonly kind?: DeliveryKind }): Promise<number> {
    const { where, params } = cancelWhere(filter, (n) => `$${n}`);
    return (await this.query(`DELETE FROM deliveries WHERE ${where}`, params)).rowCount ?? 0;
  }

  async listDeliveries(conversation: string, limit: number): Promise<Delivery[]> {
    checkLimit('listDeliveries limit', limit);
    return (await this.query<DeliveryRow>(PG.listDeliveries, [conversation, limit])).rows.map(toDelivery);
  }

  async nextDue(): Promise<Date | undefined> {
    const at = (await this.query<{ at: number | null }>(PG.nextDue)).rows[0]?.at;
    return at === null || at === undefined ? undefined : new Date(at);
  }

  async knownDeadlines(): Promise<Map<string, number>> {
    const { rows } = await this.query<{ id: string; at_ms: number }>(PG.knownDeadlines);
    return new Map(rows.map((r) => [r.id, r.at_ms]));
  }

  async setKnownDeadline(id: string, atMs: number): Promise<void> {
    await this.query(PG.setKnownDeadline, [id, atMs]);
  }

  async removeKnownDeadline(id: string): Promise<void> {
    await this.query(PG.removeKnownDeadline, [id]);
  }

  async markUpdateSeen(platform: string, updateId: string, now: Date): Promise<boolean> {
    // One token per call: the session's retry after a lost connection repeats the statement with the same token.
    const params = [platform, updateId, now.getTime(), randomUUID()];
    return (await this.query<{ first: boolean }>(PG.markUpdateSeen, params)).rows[0]?.first === true;
  }

  async putEphemeral(key: string, value: string, expiresAt: Date, conversation?: string): Promise<void> {
    await this.query(PG.putEphemeral, [key, conversation ?? null, value, expiresAt.getTime()]);
  }

  async getEphemeral(key: string, now: Date): Promise<string | undefined> {
    return (await this.query<{ value: string }>(PG.getEphemeral, [key, now.getTime()])).rows[0]?.value;
  }

  async takeEphemeral(key: string, now: Date): Promise<string | undefined> {
    const row = (await this.query<{ value: string; expires_at: number }>(PG.takeEphemeral, [key])).rows[0];
    return row && row.expires_at > now.getTime() ? row.value : undefined;
  }

  async pruneEphemeral(now: Date): Promise<number> {
    return (await this.query(PG.pruneEphemeral, [now.getTime()])).rowCount ?? 0;
  }

  moveConversation(from: string, to: string, now: Date): Promise<boolean> {
    if (from === to) return Promise.resolve(false);
    return this.tx((db) => moveConversation(db, from, to, now.getTime()));
  }

  async releaseClaims(exceptOwner: string): Promise<number> {
    return (await this.query(PG.releaseClaims, [exceptOwner])).rowCount ?? 0;
  }

  senderLock(): SenderLock {
    this.lock ??= new PgSenderLock(clientConfig(this.options), this.channel, this.logger);
    return this.lock;
  }

  async pruneSeenUpdates(before: Date): Promise<number> {
    return (await this.query(PG.pruneSeenUpdates, [before.getTime()])).rowCount ?? 0;
  }

  async pruneFinished(before: Date, limit: number): Promise<number> {
    checkLimit('pruneFinished limit', limit);
    return (await this.query(PG.pruneFinished, [before.getTime(), limit])).rowCount ?? 0;
  }

  exportConversation(conversation: string): Promise<ConversationExport> {
    return this.tx(async (db) => ({
      settings: await this.settings(db, conversation),
      deliveries: (await db.query<DeliveryRow>(PG.exportDeliveries, [conversation])).rows.map(toDelivery),
    }));
  }

  forgetConversation(conversation: string): Promise<number> {
    return this.tx(async (db) => {
      let deleted = 0;
      for (const sql of [PG.forgetChecklist, PG.forgetDeliveries, PG.forgetEphemeral, PG.forgetConversation])
        deleted += (await db.query(sql, [conversation])).rowCount ?? 0;
      return deleted;
    });
  }

  async stats(): Promise<StoreStats> {
    return this.withClient(async (db) => {
      const subscribers = (
        await db.query<{ platform: string; lang: string; count: number }>(PG.subscriberStats)
      ).rows;
      const deliveries = emptyDeliveryCounts();
      for (const row of (await db.query<{ status: keyof typeof deliveries; count: number }>(PG.deliveryStats))
        .rows)
        deliveries[row.status] = row.count;
      return { subscribers, deliveries };
    });
  }

  async ping(): Promise<void> {
    await this.query(PG.ping);
  }

  /** The plan of the claim statement (EXPLAIN), one line per step: shows which index it uses. */
  async explainClaim(options: ExplainOptions = {}): Promise<string[]> {
    const { sql, params } = claimPlanQuery('postgres', options, this.clock.now());
    const { rows } = await this.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
    return rows.map((r) => r['QUERY PLAN']);
  }

  /** Closes the pool. Idempotent. */
  async close(): Promise<void> {
    await this.lock?.release();
    await this.session.end();
  }
}
