/** The SQLite statements, prepared once per store. Parameters are positional (?) or named (@id, @value, @now). */
import { CONVERSATION_COLUMNS as CONV, DELIVERY_COLUMNS as DELIV, OPEN_PER_ROW } from './rows.js';

/**
 * Open deliveries that are due: pending and due, or claimed with an expired lease. INDEXED BY pins the partial
 * index, so the plan cannot drift to a full scan (SQLite fails the statement rather than ignore the index).
 */
const claimable = `status IN ('pending', 'claimed') AND due_at <= ? AND (status = 'pending' OR lease_until <= ?)`;
const claim = (
  index: string,
  platformTerm: string,
) => `UPDATE deliveries SET status = 'claimed', lease_owner = ?, lease_until = ?, attempts = attempts + 1
  WHERE id IN (SELECT id FROM deliveries INDEXED BY ${index} WHERE ${claimable}${platformTerm} ORDER BY due_at, id LIMIT ?)
  RETURNING ${DELIV}`;

const upsert = (
  set: string,
) => `INSERT INTO conversations (id, ${set}, created_at, updated_at) VALUES (@id, @value, @now, @now)
  ON CONFLICT (id) DO UPDATE SET ${set} = excluded.${set}, updated_at = excluded.updated_at`;

/** The key of a delivery moved from @from to @to: keys end with ":<conversation>" (src/scheduler/keys.ts). */
const rekey = (col: string) => `CASE WHEN substr(${col}, -length(@from) - 1) = ':' || @from
  THEN substr(${col}, 1, length(${col}) - length(@from)) || @to ELSE ${col} END`;

/** moveConversation, in one transaction; named parameters @from, @to, @now. */
const MOVE = {
  moveExists: `SELECT id FROM conversations WHERE id IN (@from, @to)`,
  moveMerge: `UPDATE conversations SET lang = coalesce(lang, f_lang), timezone = coalesce(timezone, f_tz),
      subscribed = max(subscribed, f_sub), updated_at = @now
    FROM (SELECT lang AS f_lang, timezone AS f_tz, subscribed AS f_sub FROM conversations WHERE id = @from) WHERE id = @to`,
  moveMergeChecklist: `INSERT INTO checklist (conversation_id, item, done_at)
    SELECT @to, item, done_at FROM checklist WHERE conversation_id = @from ON CONFLICT DO NOTHING`,
  moveTakeChecklist: `DELETE FROM checklist WHERE conversation_id = @from RETURNING item, done_at`,
  moveRename: `UPDATE conversations SET id = @to, active = 1, inactive_reason = NULL, updated_at = @now WHERE id = @from`,
  movePutChecklist: `INSERT INTO checklist (conversation_id, item, done_at) VALUES (@to, @item, @doneAt) ON CONFLICT DO NOTHING`,
  moveDropClashing: `DELETE FROM deliveries AS d WHERE conversation_id = @from
    AND EXISTS (SELECT 1 FROM deliveries e WHERE e.id <> d.id AND e.key = (${rekey('d.key')}))`,
  moveDeliveries: `UPDATE deliveries SET conversation_id = @to, key = ${rekey('key')} WHERE conversation_id = @from`,
  moveDropFrom: `DELETE FROM conversations WHERE id = @from`,
  moveDropEphemeral: `DELETE FROM ephemeral WHERE conversation_id = @from`,
} as const;

export const SQLITE = {
  ping: `SELECT 1`,
  getLang: `SELECT lang FROM conversations WHERE id = ?`,
  getLangPreference: `SELECT lang, lang_hint FROM conversations WHERE id = ?`,
  setLangHint: `UPDATE conversations SET lang_hint = @value, updated_at = @now WHERE id = @id AND lang_hint IS NOT @value`,
  setLang: upsert('lang'),
  setTimezone: upsert('timezone'),
  markInactive: `INSERT INTO conversations (id, active, inactive_reason, created_at, updated_at) VALUES (@id, 0, @value, @now, @now)
    ON CONFLICT (id) DO UPDATE SET active = 0, inactive_reason = excluded.inactive_reason, updated_at = excluded.updated_at`,
  markActive: `UPDATE conversations SET active = 1, inactive_reason = NULL, updated_at = ? WHERE id = ?`,
  getActive: `SELECT active FROM conversations WHERE id = ?`,
  getConversation: `SELECT ${CONV} FROM conversations WHERE id = ?`,
  getChecklist: `SELECT item FROM checklist WHERE conversation_id = ? ORDER BY item`,
  /** Returns a row if the conversation was not already an active subscriber (new row, or re-subscribed/reactivated). */
  subscribe: `INSERT INTO conversations (id, subscribed, created_at, updated_at) VALUES (@id, 1, @now, @now)
    ON CONFLICT (id) DO UPDATE SET subscribed = 1, active = 1, inactive_reason = NULL, updated_at = excluded.updated_at
      WHERE NOT (subscribed = 1 AND active = 1)
    RETURNING 1`,
  unsubscribe: `UPDATE conversations SET subscribed = 0, updated_at = ? WHERE id = ? AND subscribed = 1`,
  deleteOpenOfConversation: `DELETE FROM deliveries WHERE conversation_id = ? AND ${OPEN_PER_ROW}`,
  touchConversation: `INSERT INTO conversations (id, created_at, updated_at) VALUES (@id, @now, @now)
    ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at`,
  touchExisting: `UPDATE conversations SET updated_at = ? WHERE id = ?`,
  checkItem: `INSERT INTO checklist (conversation_id, item, done_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
  uncheckItem: `DELETE FROM checklist WHERE conversation_id = ? AND item = ?`,
  listSubscribers: `SELECT ${CONV} FROM conversations INDEXED BY conversations_subscribers WHERE subscribed = 1 AND active = 1 AND id > ? ORDER BY id LIMIT ?`,
  checklistRange: `SELECT conversation_id, item FROM checklist WHERE conversation_id > ? AND conversation_id <= ? ORDER BY conversation_id, item`,
  enqueue: `INSERT INTO deliveries (key, conversation_id, kind, ref, offset_days, due_at, not_after, payload, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
  claim: claim('deliveries_due', ''),
  claimPlatform: claim('deliveries_platform_due', ' AND platform = ?'),
  // Settling a claim: "still claimed" is tested as lease_until IS NOT NULL (a CHECK makes the two equivalent), see PG.
  markSent: `UPDATE deliveries SET status = 'sent', sent_at = ?, lease_until = NULL WHERE id = ? AND lease_owner = ? AND lease_until IS NOT NULL`,
  retryLater: `UPDATE deliveries SET status = 'pending', due_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL
    WHERE id = ? AND lease_owner = ? AND lease_until IS NOT NULL`,
  finish: `UPDATE deliveries SET status = ?, last_error = ?, finished_at = ?, lease_until = NULL
    WHERE id = ? AND lease_owner = ? AND lease_until IS NOT NULL`,
  listDeliveries: `SELECT ${DELIV} FROM deliveries WHERE conversation_id = ? ORDER BY id DESC LIMIT ?`,
  exportDeliveries: `SELECT ${DELIV} FROM deliveries WHERE conversation_id = ? ORDER BY id`,
  nextPending: `SELECT due_at FROM deliveries INDEXED BY deliveries_due WHERE status IN ('pending', 'claimed') AND status = 'pending' ORDER BY due_at LIMIT 1`,
  nextLeaseExpiry: `SELECT min(lease_until) FROM deliveries WHERE status = 'claimed'`,
  knownDeadlines: `SELECT id, at_ms FROM known_deadlines`,
  setKnownDeadline: `INSERT INTO known_deadlines (id, at_ms) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET at_ms = excluded.at_ms`,
  removeKnownDeadline: `DELETE FROM known_deadlines WHERE id = ?`,
  // One process owns the file and calls never lose their answer, so "inserted" decides (token kept for symmetry).
  markUpdateSeen: `INSERT INTO seen_updates (platform, update_id, seen_at, token) VALUES (?, ?, ?, NULL) ON CONFLICT DO NOTHING`,
  putEphemeral: `INSERT INTO ephemeral (key, conversation_id, value, expires_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET conversation_id = excluded.conversation_id, value = excluded.value, expires_at = excluded.expires_at`,
  getEphemeral: `SELECT value FROM ephemeral WHERE key = ? AND expires_at > ?`,
  takeEphemeral: `DELETE FROM ephemeral WHERE key = ? RETURNING value, expires_at`,
  pruneEphemeral: `DELETE FROM ephemeral WHERE expires_at <= ?`,
  forgetEphemeral: `DELETE FROM ephemeral WHERE conversation_id = ?`,
  releaseClaims: `UPDATE deliveries SET status = 'pending', lease_owner = NULL, lease_until = NULL
    WHERE status = 'claimed' AND lease_owner <> ?`,
  ...MOVE,
  pruneSeenUpdates: `DELETE FROM seen_updates WHERE seen_at < ?`,
  pruneFinished: `DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries WHERE status IN ('sent', 'failed', 'skipped') AND due_at < ? LIMIT ?)`,
  forgetChecklist: `DELETE FROM checklist WHERE conversation_id = ?`,
  forgetDeliveries: `DELETE FROM deliveries WHERE conversation_id = ?`,
  forgetConversation: `DELETE FROM conversations WHERE id = ?`,
  subscriberStats: `SELECT CASE WHEN instr(id, ':') > 0 THEN substr(id, 1, instr(id, ':') - 1) ELSE '' END AS platform,
      coalesce(lang, 'default') AS lang, count(*) AS count
    FROM conversations WHERE subscribed = 1 AND active = 1 GROUP BY 1, 2 ORDER BY 1, 2`,
  deliveryStats: `SELECT status, count(*) AS count FROM deliveries GROUP BY status`,
} as const;
