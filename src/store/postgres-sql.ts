/** The PostgreSQL statements. Parameters are numbered ($1); booleans are real booleans. */
import { CONVERSATION_COLUMNS as CONV, DELIVERY_COLUMNS as DELIV, OPEN_PER_ROW } from './rows.js';

/**
 * Picks due deliveries in due order and locks them, skipping rows another claimer holds (SKIP LOCKED), then
 * claims them by primary key (id = ANY(array): an index lookup per row at any table size, never a hash join
 * over the table). Under READ COMMITTED a row another transaction claimed meanwhile is re-checked against the WHERE
 * (it is no longer claimable) and dropped, so two claimers never get the same delivery.
 * $1 owner, $2 lease until, $3 now, $4 limit[, $5 platform].
 */
const claim = (platformTerm: string) => `WITH picked AS (
    SELECT id FROM deliveries
    WHERE status IN ('pending', 'claimed') AND due_at <= $3 AND (status = 'pending' OR lease_until <= $3)${platformTerm}
    ORDER BY due_at, id
    LIMIT $4
    FOR UPDATE SKIP LOCKED
  )
  UPDATE deliveries SET status = 'claimed', lease_owner = $1, lease_until = $2, attempts = attempts + 1
  WHERE id = ANY (ARRAY(SELECT id FROM picked))
  RETURNING ${DELIV}`;

const upsert = (
  set: string,
) => `INSERT INTO conversations (id, ${set}, created_at, updated_at) VALUES ($1, $2, $3, $3)
  ON CONFLICT (id) DO UPDATE SET ${set} = excluded.${set}, updated_at = excluded.updated_at`;

/** The key of a delivery moved from $1 to $2: keys end with ":<conversation>" (src/scheduler/keys.ts). */
const rekey = `CASE WHEN right(key, length($1::text) + 1) = ':' || $1::text
  THEN left(key, length(key) - length($1::text)) || $2::text ELSE key END`;

/** moveConversation, in one transaction: $1 from, $2 to, $3 now. */
const MOVE = {
  moveLockRows: `SELECT id FROM conversations WHERE id IN ($1, $2) ORDER BY id FOR UPDATE`,
  moveMerge: `UPDATE conversations t SET lang = coalesce(t.lang, f.lang), timezone = coalesce(t.timezone, f.timezone),
      subscribed = t.subscribed OR f.subscribed, updated_at = $3
    FROM conversations f WHERE t.id = $2 AND f.id = $1`,
  moveMergeChecklist: `INSERT INTO checklist (conversation_id, item, done_at)
    SELECT $2, item, done_at FROM checklist WHERE conversation_id = $1 ON CONFLICT DO NOTHING`,
  moveTakeChecklist: `DELETE FROM checklist WHERE conversation_id = $1 RETURNING item, done_at`,
  moveRename: `UPDATE conversations SET id = $2, active = true, inactive_reason = NULL, updated_at = $3 WHERE id = $1`,
  movePutChecklist: `INSERT INTO checklist (conversation_id, item, done_at)
    SELECT $1, i, d FROM unnest($2::text[], $3::bigint[]) AS x (i, d) ON CONFLICT DO NOTHING`,
  moveDropClashing: `DELETE FROM deliveries d WHERE conversation_id = $1
    AND EXISTS (SELECT 1 FROM deliveries e WHERE e.id <> d.id AND e.key = (${rekey.replaceAll('key', 'd.key')}))`,
  moveDeliveries: `UPDATE deliveries SET conversation_id = $2, key = ${rekey} WHERE conversation_id = $1`,
} as const;

export const PG = {
  ping: `SELECT 1`,
  getLang: `SELECT lang FROM conversations WHERE id = $1`,
  getLangPreference: `SELECT lang, lang_hint FROM conversations WHERE id = $1`,
  setLangHint: `UPDATE conversations SET lang_hint = $2, updated_at = $3 WHERE id = $1 AND lang_hint IS DISTINCT FROM $2`,
  setLang: upsert('lang'),
  setTimezone: upsert('timezone'),
  markInactive: `INSERT INTO conversations (id, active, inactive_reason, created_at, updated_at) VALUES ($1, false, $2, $3, $3)
    ON CONFLICT (id) DO UPDATE SET active = false, inactive_reason = excluded.inactive_reason, updated_at = excluded.updated_at`,
  markActive: `UPDATE conversations SET active = true, inactive_reason = NULL, updated_at = $2 WHERE id = $1`,
  getActive: `SELECT active FROM conversations WHERE id = $1`,
  getConversation: `SELECT ${CONV} FROM conversations WHERE id = $1`,
  getChecklist: `SELECT item FROM checklist WHERE conversation_id = $1 ORDER BY item`,
  /** Returns a row if the conversation was not already an active subscriber (new row, or re-subscribed/reactivated). */
  subscribe: `INSERT INTO conversations (id, subscribed, created_at, updated_at) VALUES ($1, true, $2, $2)
    ON CONFLICT (id) DO UPDATE SET subscribed = true, active = true, inactive_reason = NULL, updated_at = excluded.updated_at
      WHERE NOT (conversations.subscribed AND conversations.active)
    RETURNING 1`,
  unsubscribe: `UPDATE conversations SET subscribed = false, updated_at = $2 WHERE id = $1 AND subscribed`,
  deleteOpenOfConversation: `DELETE FROM deliveries WHERE conversation_id = $1 AND ${OPEN_PER_ROW}`,
  touchConversation: `INSERT INTO conversations (id, created_at, updated_at) VALUES ($1, $2, $2)
    ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at`,
  touchExisting: `UPDATE conversations SET updated_at = $2 WHERE id = $1`,
  checkItem: `INSERT INTO checklist (conversation_id, item, done_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
  uncheckItem: `DELETE FROM checklist WHERE conversation_id = $1 AND item = $2`,
  listSubscribers: `SELECT ${CONV} FROM conversations WHERE subscribed AND active AND id > $1 ORDER BY id LIMIT $2`,
  checklistRange: `SELECT conversation_id, item FROM checklist WHERE conversation_id > $1 AND conversation_id <= $2 ORDER BY conversation_id, item`,
  /** Many rows per statement: one array per column, unnested. */
  enqueue: `INSERT INTO deliveries (key, conversation_id, kind, ref, offset_days, due_at, not_after, payload, created_at)
    SELECT k, c, t, r, o, d, n, p, $9 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::bigint[], $8::text[])
      AS x (k, c, t, r, o, d, n, p)
    ON CONFLICT (key) DO NOTHING`,
  claim: claim(''),
  claimPlatform: claim(' AND platform = $5'),
  /*
   * Settling a claim by id. "Still claimed" is tested as lease_until IS NOT NULL (a CHECK makes it equivalent to
   * status = 'claimed') on purpose: a status term would let the planner pick a partial index whose predicate it
   * implies (deliveries_lease, deliveries_due) over the primary key, and with statistics taken while few rows were
   * open it does, scanning the whole index for every delivery sent.
   */
  markSent: `UPDATE deliveries SET status = 'sent', sent_at = $3, lease_until = NULL WHERE id = $1 AND lease_owner = $2 AND lease_until IS NOT NULL`,
  retryLater: `UPDATE deliveries SET status = 'pending', due_at = $3, last_error = $4, lease_owner = NULL, lease_until = NULL
    WHERE id = $1 AND lease_owner = $2 AND lease_until IS NOT NULL`,
  finish: `UPDATE deliveries SET status = $3, last_error = $4, finished_at = $5, lease_until = NULL
    WHERE id = $1 AND lease_owner = $2 AND lease_until IS NOT NULL`,
  listDeliveries: `SELECT ${DELIV} FROM deliveries WHERE conversation_id = $1 ORDER BY id DESC LIMIT $2`,
  exportDeliveries: `SELECT ${DELIV} FROM deliveries WHERE conversation_id = $1 ORDER BY id`,
  nextDue: `SELECT least(
      (SELECT due_at FROM deliveries WHERE status IN ('pending', 'claimed') AND status = 'pending' ORDER BY due_at LIMIT 1),
      (SELECT min(lease_until) FROM deliveries WHERE status = 'claimed')) AS at`,
  knownDeadlines: `SELECT id, at_ms FROM known_deadlines`,
  setKnownDeadline: `INSERT INTO known_deadlines (id, at_ms) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET at_ms = excluded.at_ms`,
  removeKnownDeadline: `DELETE FROM known_deadlines WHERE id = $1`,
  /**
   * First seen if this call inserted the row, or if the row carries this call's token: a call retried after its
   * connection died following the commit finds its own row (the CTE's snapshot predates its own insert, so the
   * second term only sees rows committed before the statement: the earlier attempt's). $4 token.
   */
  markUpdateSeen: `WITH ins AS (
      INSERT INTO seen_updates (platform, update_id, seen_at, token) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1)
    SELECT (EXISTS (SELECT 1 FROM ins)
      OR EXISTS (SELECT 1 FROM seen_updates WHERE platform = $1 AND update_id = $2 AND token = $4)) AS first`,
  putEphemeral: `INSERT INTO ephemeral (key, conversation_id, value, expires_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (key) DO UPDATE SET conversation_id = excluded.conversation_id, value = excluded.value, expires_at = excluded.expires_at`,
  getEphemeral: `SELECT value FROM ephemeral WHERE key = $1 AND expires_at > $2`,
  takeEphemeral: `DELETE FROM ephemeral WHERE key = $1 RETURNING value, expires_at`,
  pruneEphemeral: `DELETE FROM ephemeral WHERE expires_at <= $1`,
  forgetEphemeral: `DELETE FROM ephemeral WHERE conversation_id = $1`,
  releaseClaims: `UPDATE deliveries SET status = 'pending', lease_owner = NULL, lease_until = NULL
    WHERE status = 'claimed' AND lease_owner <> $1`,
  notifyDue: `SELECT pg_notify($1, '')`,
  pruneSeenUpdates: `DELETE FROM seen_updates WHERE seen_at < $1`,
  pruneFinished: `DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries WHERE status IN ('sent', 'failed', 'skipped') AND due_at < $1 LIMIT $2)`,
  forgetChecklist: `DELETE FROM checklist WHERE conversation_id = $1`,
  forgetDeliveries: `DELETE FROM deliveries WHERE conversation_id = $1`,
  forgetConversation: `DELETE FROM conversations WHERE id = $1`,
  ...MOVE,
  subscriberStats: `SELECT CASE WHEN strpos(id, ':') > 0 THEN split_part(id, ':', 1) ELSE '' END AS platform,
      coalesce(lang, 'default') AS lang, count(*) AS count
    FROM conversations WHERE subscribed AND active GROUP BY 1, 2 ORDER BY 1, 2`,
  deliveryStats: `SELECT status, count(*) AS count FROM deliveries GROUP BY status`,
} as const;
