/**
 * The store port: everything the bot keeps, and nothing more. Two implementations: SQLite (default, one
 * file in DATA_DIR) and PostgreSQL (DATABASE_URL, for several processes). Both pass tests/store/contract.
 *
 * What is stored, per conversation (an opaque id such as "telegram:123"): language and time zone if the
 * user chose them, whether it is subscribed, its checklist, whether it can still be reached, and its
 * pending and sent deliveries. No names, no message text. A conversation that only reads has no row.
 */
import type { Lang } from '../content/types.js';
import type { ConversationStatus } from './platform.js';
import type { PreferenceStore } from './capabilities.js';

export interface ConversationSettings {
  readonly conversation: string;
  readonly lang: Lang | undefined;
  /** The platform's language hint last seen (primary subtag, e.g. "en"): the language when none was chosen. */
  readonly langHint: string | undefined;
  readonly timezone: string | undefined;
  readonly subscribed: boolean;
  readonly active: boolean;
  readonly inactiveReason: string | undefined;
  /** Checklist items marked done (e.g. "instagram", "facebook", "facebook_2"), sorted. */
  readonly checklist: readonly string[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type DeliveryKind = 'deadline' | 'personal' | 'announce' | 'broadcast';
export type DeliveryStatus = 'pending' | 'claimed' | 'sent' | 'failed' | 'skipped';
/** How a delivery is parked for good. */
export type FinishStatus = Extract<DeliveryStatus, 'failed' | 'skipped'>;

export interface NewDelivery {
  /** Unique key, e.g. "d:<deadline>:<atMs>:<offset>:<conversation>". A second enqueue with the same key is ignored. */
  readonly key: string;
  readonly conversation: string;
  readonly kind: DeliveryKind;
  /** Deadline id, topic id or broadcast id. */
  readonly ref: string;
  readonly offsetDays?: number | undefined;
  readonly dueAt: Date;
  /** After this instant the delivery is pointless and is skipped instead of sent (e.g. the deadline). */
  readonly notAfter?: Date | undefined;
  /** Extra data for the renderer (broadcast text). Never user message text. */
  readonly payload?: string | undefined;
}

export interface Delivery extends Required<Omit<NewDelivery, 'offsetDays' | 'notAfter' | 'payload'>> {
  readonly id: number;
  readonly offsetDays: number | undefined;
  readonly notAfter: Date | undefined;
  readonly payload: string | undefined;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly leaseOwner: string | undefined;
  readonly leaseUntil: Date | undefined;
  readonly lastError: string | undefined;
  readonly sentAt: Date | undefined;
}

export interface ClaimOptions {
  readonly now: Date;
  /** Identifies the claiming process; only it may mark its claims. */
  readonly owner: string;
  readonly leaseMs: number;
  readonly limit: number;
  /** Only deliveries to conversations whose id starts with "<platform>:". */
  readonly platform?: string | undefined;
}

export interface StoreStats {
  readonly subscribers: ReadonlyArray<{
    readonly platform: string;
    readonly lang: string;
    readonly count: number;
  }>;
  readonly deliveries: Readonly<Record<DeliveryStatus, number>>;
}

export interface ConversationExport {
  readonly settings: ConversationSettings | undefined;
  readonly deliveries: readonly Delivery[];
}

/**
 * The right to send (PostgreSQL: a session-level advisory lock held on a connection of its own; SQLite: the
 * file lock, so always held). One process sends at a time, so the configured rate holds for the bot as a whole.
 */
export interface SenderLock {
  /** Becomes the sending process if nobody else is; true while this process holds the right. */
  acquire(): Promise<boolean>;
  /** True while held; false once the connection holding it is lost (then stop sending at once). */
  readonly held: boolean;
  /** Called when another process enqueued something due (PostgreSQL NOTIFY), so the sender looks now. */
  onWake(listener: () => void): void;
  /** Gives the right up (another process takes over). Idempotent. */
  release(): Promise<void>;
}

export interface Store extends PreferenceStore, ConversationStatus {
  /** "sqlite" or "postgres". */
  readonly kind: string;

  getSettings(conversation: string): Promise<ConversationSettings | undefined>;
  setTimezone(conversation: string, timezone: string): Promise<void>;
  /**
   * Returns false if it was already subscribed. Subscribing is the user talking to us, so it also marks the
   * conversation active again (a user who blocked the bot and came back); that counts as a new subscription.
   */
  subscribe(conversation: string): Promise<boolean>;
  /** Ends the subscription and deletes its pending deliveries (not sent ones). Returns false if not subscribed. */
  unsubscribe(conversation: string): Promise<boolean>;
  setChecklistItem(conversation: string, item: string, done: boolean): Promise<void>;
  /** Active, subscribed conversations, ordered by id, `limit` at a time after `after` (keyset paging). */
  listSubscribers(after: string | undefined, limit: number): Promise<ConversationSettings[]>;

  /** Inserts deliveries; existing keys are left as they are. Returns how many were new. */
  enqueue(deliveries: readonly NewDelivery[]): Promise<number>;
  /**
   * Atomically claims up to `limit` due deliveries (pending with dueAt <= now, or claimed whose lease expired),
   * oldest due first, and returns them with status "claimed". With PostgreSQL, concurrent claimers never get
   * the same delivery (FOR UPDATE SKIP LOCKED). Increments attempts.
   */
  claimDue(options: ClaimOptions): Promise<Delivery[]>;
  /** Marks a claimed delivery as sent. Returns false if the claim was lost (lease expired and re-claimed). */
  markSent(id: number, owner: string, now: Date): Promise<boolean>;
  /** Puts a claimed delivery back to pending, due at `retryAt`, recording the error. */
  retryLater(id: number, owner: string, retryAt: Date, error: string): Promise<boolean>;
  /** Parks a delivery for good: "failed" (visible to /stats) or "skipped" (e.g. its deadline passed). */
  finish(id: number, owner: string, status: FinishStatus, reason: string, now: Date): Promise<boolean>;
  /** Deletes pending (and claimed) deliveries matching the filter; returns how many. Sent history stays. */
  cancelPending(filter: {
    readonly conversation?: string;
    readonly ref?: string;
    readonly kind?: DeliveryKind;
  }): Promise<number>;
  /** Deliveries of one conversation (newest first), for /status and /mydata. */
  listDeliveries(conversation: string, limit: number): Promise<Delivery[]>;
  /**
   * Earliest dueAt of a pending delivery, or the earliest lease expiry of a claimed one if that comes first
   * (a claim left by a crashed process becomes claimable then), so the scheduler can sleep until then.
   */
  nextDue(): Promise<Date | undefined>;

  /** Deadlines the scheduler has already planned: id → instant (ms) it planned for. */
  knownDeadlines(): Promise<Map<string, number>>;
  setKnownDeadline(id: string, atMs: number): Promise<void>;
  removeKnownDeadline(id: string): Promise<void>;

  /** Remembers a platform update id; returns false if it was seen before (webhook redelivery). */
  markUpdateSeen(platform: string, updateId: string, now: Date): Promise<boolean>;
  /** Deletes update ids older than `before` (housekeeping). */
  pruneSeenUpdates(before: Date): Promise<number>;
  /** Deletes finished deliveries (sent, failed, skipped) due before `before`, at most `limit` (housekeeping). */
  pruneFinished(before: Date, limit: number): Promise<number>;

  /**
   * Short-lived state a user's next step depends on (a /broadcast preview, Matrix's numbered choices), shared by
   * all processes. `conversation`, if given, ties the entry to a conversation (deleted by forgetConversation).
   * Overwrites an entry with the same key.
   */
  putEphemeral(key: string, value: string, expiresAt: Date, conversation?: string): Promise<void>;
  /** The value, unless missing or expired at `now`. */
  getEphemeral(key: string, now: Date): Promise<string | undefined>;
  /** Reads and deletes in one step: of two processes taking the same key, exactly one gets the value. */
  takeEphemeral(key: string, now: Date): Promise<string | undefined>;
  /** Deletes expired entries (housekeeping). */
  pruneEphemeral(now: Date): Promise<number>;
  /**
   * Moves everything about `from` to `to` (a Telegram group that became a supergroup): language, time zone,
   * subscription, checklist, open and past deliveries (their keys, which end with the conversation id, are
   * rewritten). If `to` already has a row, its own choices win and subscription and checklist are merged.
   * Returns false if there was nothing to move. Idempotent.
   */
  moveConversation(from: string, to: string, now: Date): Promise<boolean>;
  /**
   * Hands claims of every other owner back to pending at once. Only the holder of the sender lock claims, so
   * a new holder knows that other claims belong to a process that died or lost the lock. Returns how many.
   */
  releaseClaims(exceptOwner: string): Promise<number>;
  /** The right to send; see SenderLock. */
  senderLock(): SenderLock;

  /** Everything stored about one conversation, for /mydata. */
  exportConversation(conversation: string): Promise<ConversationExport>;
  /** Deletes every row that mentions the conversation, in every table. Returns rows deleted. */
  forgetConversation(conversation: string): Promise<number>;

  stats(): Promise<StoreStats>;
  /** Cheap round trip for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
