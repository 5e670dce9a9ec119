/**
 * Versioned schema migrations: one list of versions, each with the SQL for both dialects. Start-up applies the
 * missing versions in order inside one transaction and records each in schema_migrations (version, applied_at).
 * Never edit a released version; add a new one.
 *
 * Times are integer epoch milliseconds in both dialects (INTEGER / bigint), so rows map the same way.
 * Partial indexes cover only open deliveries (pending or claimed), so the claim query stays fast however much
 * sent history accumulates. Queries must repeat the index predicate `status IN ('pending', 'claimed')`
 * literally: SQLite only uses a partial index when the query's WHERE contains the same term. A delivery has a
 * lease (lease_until) exactly while it is claimed; a CHECK holds the two together.
 */
import { StoreError } from './errors.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: readonly string[];
  readonly postgres: readonly string[];
}

/** Text of the platform prefix ("telegram" for "telegram:42", "" without a colon), per dialect. */
const sqlitePlatform = (col: string) =>
  `CASE WHEN instr(${col}, ':') > 0 THEN substr(${col}, 1, instr(${col}, ':') - 1) ELSE '' END`;
const pgPlatform = (col: string) =>
  `CASE WHEN strpos(${col}, ':') > 0 THEN split_part(${col}, ':', 1) ELSE '' END`;

const KINDS = `('deadline', 'personal', 'announce', 'broadcast')`;
const STATUSES = `('pending', 'claimed', 'sent', 'failed', 'skipped')`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'conversations, checklist, deliveries, known deadlines, seen updates',
    sqlite: [
      `CREATE TABLE conversations (
        id TEXT NOT NULL PRIMARY KEY,
        lang TEXT,
        timezone TEXT,
        subscribed INTEGER NOT NULL DEFAULT 0 CHECK (subscribed IN (0, 1)),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        inactive_reason TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID`,
      `CREATE INDEX conversations_subscribers ON conversations (id) WHERE subscribed = 1 AND active = 1`,
      `CREATE TABLE checklist (
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        item TEXT NOT NULL,
        done_at INTEGER NOT NULL,
        PRIMARY KEY (conversation_id, item)
      ) STRICT, WITHOUT ROWID`,
      `CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL,
        platform TEXT NOT NULL GENERATED ALWAYS AS (${sqlitePlatform('conversation_id')}) VIRTUAL,
        kind TEXT NOT NULL CHECK (kind IN ${KINDS}),
        ref TEXT NOT NULL,
        offset_days INTEGER,
        due_at INTEGER NOT NULL,
        not_after INTEGER,
        payload TEXT,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ${STATUSES}),
        attempts INTEGER NOT NULL DEFAULT 0,
        lease_owner TEXT,
        lease_until INTEGER,
        last_error TEXT,
        sent_at INTEGER,
        finished_at INTEGER,
        created_at INTEGER NOT NULL,
        CHECK ((status = 'claimed') = (lease_until IS NOT NULL))
      ) STRICT`,
      `CREATE INDEX deliveries_due ON deliveries (due_at, id) WHERE status IN ('pending', 'claimed')`,
      `CREATE INDEX deliveries_platform_due ON deliveries (platform, due_at, id) WHERE status IN ('pending', 'claimed')`,
      `CREATE INDEX deliveries_lease ON deliveries (lease_until) WHERE status = 'claimed'`,
      `CREATE INDEX deliveries_ref ON deliveries (ref) WHERE status IN ('pending', 'claimed')`,
      `CREATE INDEX deliveries_conversation ON deliveries (conversation_id, id)`,
      `CREATE TABLE known_deadlines (id TEXT NOT NULL PRIMARY KEY, at_ms INTEGER NOT NULL) STRICT, WITHOUT ROWID`,
      `CREATE TABLE seen_updates (
        platform TEXT NOT NULL,
        update_id TEXT NOT NULL,
        seen_at INTEGER NOT NULL,
        PRIMARY KEY (platform, update_id)
      ) STRICT, WITHOUT ROWID`,
      `CREATE INDEX seen_updates_seen_at ON seen_updates (seen_at)`,
    ],
    postgres: [
      `CREATE TABLE conversations (
        id text COLLATE "C" NOT NULL PRIMARY KEY,
        lang text,
        timezone text,
        subscribed boolean NOT NULL DEFAULT false,
        active boolean NOT NULL DEFAULT true,
        inactive_reason text,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL
      )`,
      `CREATE INDEX conversations_subscribers ON conversations (id) WHERE subscribed AND active`,
      `CREATE TABLE checklist (
        conversation_id text COLLATE "C" NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        item text COLLATE "C" NOT NULL,
        done_at bigint NOT NULL,
        PRIMARY KEY (conversation_id, item)
      )`,
      `CREATE TABLE deliveries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        key text COLLATE "C" NOT NULL UNIQUE,
        conversation_id text COLLATE "C" NOT NULL,
        platform text COLLATE "C" NOT NULL GENERATED ALWAYS AS (${pgPlatform('conversation_id')}) STORED,
        kind text NOT NULL CHECK (kind IN ${KINDS}),
        ref text COLLATE "C" NOT NULL,
        offset_days integer,
        due_at bigint NOT NULL,
        not_after bigint,
        payload text,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ${STATUSES}),
        attempts integer NOT NULL DEFAULT 0,
        lease_owner text,
        lease_until bigint,
        last_error text,
        sent_at bigint,
        finished_at bigint,
        created_at bigint NOT NULL,
        CHECK ((status = 'claimed') = (lease_until IS NOT NULL))
      )`,
      `CREATE INDEX deliveries_due ON deliveries (due_at, id) WHERE status IN ('pending', 'claimed')`,
      `CREATE INDEX deliveries_platform_due ON deliveries (platform, due_at, id) WHERE status IN ('pending', 'claimed')`,
      `CREATE INDEX deliveries_lease ON deliveries (lease_until) WHERE status = 'claimed'`,
      `CREATE INDEX deliveries_ref ON deliveries (ref) WHERE status IN ('pending', 'claimed')`,
      `CREATE INDEX deliveries_conversation ON deliveries (conversation_id, id)`,
      `CREATE TABLE known_deadlines (id text COLLATE "C" NOT NULL PRIMARY KEY, at_ms bigint NOT NULL)`,
      `CREATE TABLE seen_updates (
        platform text COLLATE "C" NOT NULL,
        update_id text COLLATE "C" NOT NULL,
        seen_at bigint NOT NULL,
        PRIMARY KEY (platform, update_id)
      )`,
      `CREATE INDEX seen_updates_seen_at ON seen_updates (seen_at)`,
    ],
  },
  {
    version: 2,
    name: 'conversations.lang_hint: the platform language hint last seen (primary subtag), for reminders',
    sqlite: [`ALTER TABLE conversations ADD COLUMN lang_hint TEXT`],
    postgres: [`ALTER TABLE conversations ADD COLUMN lang_hint text COLLATE "C"`],
  },
  {
    version: 3,
    name: 'shared short-lived state (broadcast previews, numbered choices) with an expiry',
    sqlite: [
      `CREATE TABLE ephemeral (
        key TEXT NOT NULL PRIMARY KEY,
        conversation_id TEXT,
        value TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID`,
      `CREATE INDEX ephemeral_expires ON ephemeral (expires_at)`,
      `CREATE INDEX ephemeral_conversation ON ephemeral (conversation_id) WHERE conversation_id IS NOT NULL`,
    ],
    postgres: [
      `CREATE TABLE ephemeral (
        key text COLLATE "C" NOT NULL PRIMARY KEY,
        conversation_id text COLLATE "C",
        value text NOT NULL,
        expires_at bigint NOT NULL
      )`,
      `CREATE INDEX ephemeral_expires ON ephemeral (expires_at)`,
      `CREATE INDEX ephemeral_conversation ON ephemeral (conversation_id) WHERE conversation_id IS NOT NULL`,
    ],
  },
  {
    version: 4,
    name: 'seen updates remember which attempt recorded them (a retried call is not a repeat)',
    sqlite: [`ALTER TABLE seen_updates ADD COLUMN token TEXT`],
    postgres: [`ALTER TABLE seen_updates ADD COLUMN token text`],
  },
];

/** Tables the current schema must have; checked after migrating, so a damaged or foreign database is named. */
export const BOT_TABLES = [
  'schema_migrations',
  'conversations',
  'checklist',
  'deliveries',
  'known_deadlines',
  'seen_updates',
  'ephemeral',
] as const;

/**
 * Decides what to apply, given the versions already recorded. Refuses a database that a newer bot migrated
 * (its schema may not fit this code) and one whose history has gaps (someone edited schema_migrations).
 */
export function pendingMigrations(
  applied: readonly number[],
  where: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Migration[] {
  const known = new Set(migrations.map((m) => m.version));
  const latest = Math.max(0, ...known);
  const unknown = applied.filter((v) => !known.has(v));
  if (unknown.length > 0) {
    const newest = Math.max(...unknown);
    throw new StoreError(
      'newer_schema',
      newest > latest
        ? `${where} has schema version ${newest}, but this bot only knows up to ${latest}: it was used by a newer version of the bot; upgrade the bot`
        : `${where} records unknown schema versions (${unknown.join(', ')}) in schema_migrations; it is not a database this bot wrote`,
    );
  }
  const done = new Set(applied);
  return [...migrations].sort((a, b) => a.version - b.version).filter((m) => !done.has(m.version));
}
