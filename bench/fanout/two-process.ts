/**
 * The fan-out with two real bot processes (src/main.ts, webhook mode) on one PostgreSQL, as compose.yaml runs
 * them: N deliveries due now, both processes configured to the platform's limit. Half-way the sending process
 * is killed with SIGKILL; the other takes over. Measured at the fake Bot API: messages per second against the
 * limit, 429s, and the time from the SIGKILL to the survivor's first send.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PostgresStore } from '../../src/store/postgres.js';
import { daytimeZone } from '../../tests/drills/support.js';

const TOKEN = '123456:bench-token-aaaaaaaaaaaaaaaaaaaaaa';
const BENCH_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

interface Fake {
  readonly root: string;
  /** sent: accepted sends (repeats included); chats: distinct chats reached. */
  stats(): Promise<{ sent: number; chats: number }>;
}

export interface TwoProcessFigures {
  /** Time from the SIGKILL of the sending process to the survivor's first send. */
  readonly takeoverMs: number;
}

async function prepare(schema: string, n: number): Promise<void> {
  const store = await PostgresStore.open({ databaseUrl: BENCH_DATABASE_URL, schema, poolSize: 2 });
  await store.close();
  const db = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await db.connect();
  try {
    const now = Date.now();
    await db.query(
      `INSERT INTO "${schema}".conversations (id, timezone, subscribed, created_at, updated_at)
       SELECT 'telegram:' || g, $1, true, $2, $2 FROM generate_series(1, $3) g`,
      [daytimeZone(), now, n],
    );
    await db.query(
      `INSERT INTO "${schema}".deliveries (key, conversation_id, kind, ref, due_at, payload, created_at)
       SELECT 'b:bench:telegram:' || g, 'telegram:' || g, 'broadcast', 'bench', $1, 'Erinnerung', $1
       FROM generate_series(1, $2) g`,
      [now, n],
    );
    await db.query(`ANALYZE "${schema}".deliveries`);
  } finally {
    await db.end();
  }
}

interface Paid {
  readonly perSecond: number;
  readonly maxStars: number;
}

function startBot(
  apiRoot: string,
  schema: string,
  limit: number,
  port: number,
  paid: Paid | undefined,
): ChildProcess {
  const dataDir = mkdtempSync(join(tmpdir(), 'fanout-pg-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://bench.invalid/telegram/webhook',
      TELEGRAM_RATE_PER_SECOND: String(limit),
      ...(paid
        ? {
            TELEGRAM_PAID_BROADCAST: 'true',
            TELEGRAM_PAID_RATE_PER_SECOND: String(paid.perSecond),
            TELEGRAM_PAID_MAX_STARS: String(paid.maxStars),
          }
        : {}),
      HTTP_PORT: String(port),
      HTTP_HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: BENCH_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      // Required with a Telegram token (/datenschutz names the operator).
      OPERATOR_NAME: 'Bench',
      OPERATOR_CONTACT: 'bench@example.org',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  return child;
}

async function until(what: () => Promise<boolean>, timeoutMs: number, label: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await what())) {
    if (Date.now() > end) throw new Error(`two-process fan-out: timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const ready = (port: number) => () =>
  fetch(`http://127.0.0.1:${port}/readyz`)
    .then((r) => r.ok)
    .catch(() => false);

/** Runs the two-process fan-out against `fake` (reset by the caller); returns the takeover time. */
export async function twoProcessFanout(
  fake: Fake,
  n: number,
  limit: number,
  paid?: Paid,
): Promise<TwoProcessFigures> {
  const schema = `bench_fanout_${process.pid}_${Date.now().toString(36)}`;
  await prepare(schema, n);
  const [portA, portB] = [31_000 + (process.pid % 1000), 32_000 + (process.pid % 1000)];
  const a = startBot(fake.root, schema, limit, portA, paid);
  let b: ChildProcess | undefined;
  try {
    await until(ready(portA), 180_000, 'the first process');
    b = startBot(fake.root, schema, limit, portB, paid);
    await until(ready(portB), 180_000, 'the second process');
    // Generous bounds (a loaded machine starts slowly); they only stop a run that hangs.
    const bound = Math.max(120_000, (n / (paid?.perSecond ?? limit)) * 4000);
    await until(async () => (await fake.stats()).sent >= n / 2, bound, 'half of the fan-out');
    const killedAt = Date.now();
    a.kill('SIGKILL');
    let firstAfter: number | null = null;
    await until(
      async () => {
        firstAfter = (
          (await (await fetch(`${fake.root}/first-after?t=${killedAt}`)).json()) as {
            at: number | null;
          }
        ).at;
        return firstAfter !== null;
      },
      120_000,
      'the survivor to send',
    );
    // Every chat reached (a repeat of a send in flight at the SIGKILL does not count as a chat).
    await until(async () => (await fake.stats()).chats >= n, bound, 'the rest of the fan-out');
    return { takeoverMs: firstAfter! - killedAt };
  } finally {
    a.kill('SIGKILL');
    b?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    const db = new pg.Client({ connectionString: BENCH_DATABASE_URL });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.end();
  }
}
