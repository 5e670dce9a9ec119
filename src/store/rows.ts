/**
 * Row shapes shared by both dialects and their mapping to the port's types. SQLite returns numbers and 0/1,
 * PostgreSQL booleans and (with the pool's bigint parser) numbers; both map through here.
 */
import { isLang, type Lang } from '../content/languages.js';
import type {
  ConversationSettings,
  Delivery,
  DeliveryKind,
  DeliveryStatus,
  NewDelivery,
} from '../ports/store.js';

export interface ConversationRow {
  id: string;
  lang: string | null;
  lang_hint: string | null;
  timezone: string | null;
  subscribed: number | boolean;
  active: number | boolean;
  inactive_reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface DeliveryRow {
  id: number;
  key: string;
  conversation_id: string;
  kind: string;
  ref: string;
  offset_days: number | null;
  due_at: number;
  not_after: number | null;
  payload: string | null;
  status: string;
  attempts: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  sent_at: number | null;
}

/** The delivery columns the port exposes, in the order SELECT and RETURNING list them. */
export const DELIVERY_COLUMNS =
  'id, key, conversation_id, kind, ref, offset_days, due_at, not_after, payload, status, attempts, lease_owner, lease_until, last_error, sent_at';

export const CONVERSATION_COLUMNS =
  'id, lang, lang_hint, timezone, subscribed, active, inactive_reason, created_at, updated_at';

const optional = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
const optionalDate = (v: number | null): Date | undefined => (v === null ? undefined : new Date(Number(v)));

export function toLang(value: string | null): Lang | undefined {
  return isLang(value) ? value : undefined;
}

export function toSettings(row: ConversationRow, checklist: readonly string[]): ConversationSettings {
  return {
    conversation: row.id,
    lang: toLang(row.lang),
    langHint: optional(row.lang_hint),
    timezone: optional(row.timezone),
    subscribed: Boolean(row.subscribed),
    active: Boolean(row.active),
    inactiveReason: optional(row.inactive_reason),
    checklist: [...checklist].sort(),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

export function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: Number(row.id),
    key: row.key,
    conversation: row.conversation_id,
    kind: row.kind as DeliveryKind,
    ref: row.ref,
    offsetDays: optional(row.offset_days),
    dueAt: new Date(Number(row.due_at)),
    notAfter: optionalDate(row.not_after),
    payload: optional(row.payload),
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    leaseOwner: optional(row.lease_owner),
    leaseUntil: optionalDate(row.lease_until),
    lastError: optional(row.last_error),
    sentAt: optionalDate(row.sent_at),
  };
}

/** Oldest due first, then by id: the order claimDue promises (RETURNING has no order of its own). */
export function byDue(a: Delivery, b: Delivery): number {
  return a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id;
}

/** Groups checklist rows by conversation. */
export function groupChecklist(
  rows: ReadonlyArray<{ conversation_id: string; item: string }>,
): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const row of rows) {
    const items = map.get(row.conversation_id);
    if (items) items.push(row.item);
    else map.set(row.conversation_id, [row.item]);
  }
  return map;
}

/** Validates a new delivery before it reaches SQL, so a bad Date fails with a message instead of a NaN row. */
export function checkDelivery(d: NewDelivery): void {
  const bad = (what: string) => new TypeError(`enqueue: delivery ${JSON.stringify(d.key)} has ${what}`);
  if (!d.key) throw bad('an empty key');
  if (!d.conversation) throw bad('an empty conversation');
  if (Number.isNaN(d.dueAt.getTime())) throw bad('an invalid dueAt');
  if (d.notAfter !== undefined && Number.isNaN(d.notAfter.getTime())) throw bad('an invalid notAfter');
  if (d.offsetDays !== undefined && !Number.isInteger(d.offsetDays)) throw bad('a non-integer offsetDays');
}

/**
 * "Open" (pending or claimed), written two ways. OPEN_INDEXED repeats the partial indexes' predicate, so it can use
 * them (deliveries_due, deliveries_ref). OPEN_PER_ROW means the same (the CHECK on status allows nothing else) but
 * implies no index predicate: for a lookup by conversation, where the planner must take deliveries_conversation and
 * not scan a partial index that stale statistics claim is empty.
 */
const OPEN_INDEXED = `status IN ('pending', 'claimed')`;
export const OPEN_PER_ROW = `status NOT IN ('sent', 'failed', 'skipped')`;

export interface CancelFilter {
  readonly conversation?: string;
  readonly ref?: string;
  readonly kind?: string;
}

/** The WHERE clause of cancelPending, with placeholders from `placeholder(n)` (1-based). */
export function cancelWhere(
  filter: CancelFilter,
  placeholder: (n: number) => string,
): { where: string; params: string[] } {
  if (filter.conversation === undefined && filter.ref === undefined && filter.kind === undefined) {
    throw new TypeError(
      'cancelPending needs at least one of conversation, ref, kind (refusing to cancel every pending delivery)',
    );
  }
  const terms = [filter.conversation !== undefined && filter.ref === undefined ? OPEN_PER_ROW : OPEN_INDEXED];
  const params: string[] = [];
  for (const [column, value] of [
    ['conversation_id', filter.conversation],
    ['ref', filter.ref],
    ['kind', filter.kind],
  ] as const) {
    if (value === undefined) continue;
    params.push(value);
    terms.push(`${column} = ${placeholder(params.length)}`);
  }
  return { where: terms.join(' AND '), params };
}

export function emptyDeliveryCounts(): Record<DeliveryStatus, number> {
  return { pending: 0, claimed: 0, sent: 0, failed: 0, skipped: 0 };
}

/** A page or batch size: SQLite treats a negative LIMIT as "no limit", so a bad value must not reach SQL. */
export function checkLimit(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer, not ${String(value)}`);
}

export function checkClaim(options: {
  readonly now: Date;
  readonly leaseMs: number;
  readonly limit: number;
}): void {
  checkLimit('claimDue limit', options.limit);
  if (Number.isNaN(options.now.getTime())) throw new RangeError('claimDue: now is an invalid Date');
  if (!Number.isFinite(options.leaseMs) || options.leaseMs <= 0)
    throw new RangeError(`claimDue: leaseMs must be positive, not ${String(options.leaseMs)}`);
}
