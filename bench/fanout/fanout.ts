/**
 * Fan-out benchmark: N deliveries to N chats against a fake Bot API on loopback that enforces a limit and
 * counts 429s. Three senders side by side, in one run:
 *  - ours: the durable outbox (SQLite), the scheduler with its rate limiter, the Telegram adapter's sender;
 *  - grammY's broadcast recipe: auto-retry plugin, a few sends in parallel, no pacing;
 *  - @grammyjs/transformer-throttler (Bottleneck) configured to the same limit.
 * And paid runs (BENCH_FANOUT_SENDERS=paid,pg2paid): the fake allows 30/s without allow_paid_broadcast and
 * BENCH_FANOUT_PAID_LIMIT (1,000) with it; ours sends with TELEGRAM_PAID_BROADCAST's settings, in one process
 * on SQLite, and in two processes on PostgreSQL with the sender killed half-way.
 */
import { composeDelivery } from '../../src/engine/reminder-message.js';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { autoRetry } from '@grammyjs/auto-retry';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { Api } from 'grammy';
import { createTelegramBot } from '../../adapters/telegram/index.js';
import { loadContent } from '../../src/content/loader.js';
import { Engine } from '../../src/engine/engine.js';
import { silentLogger } from '../../src/logger.js';
import { systemClock } from '../../src/ports/capabilities.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { daytimeZone } from '../../tests/drills/support.js';
import { twoProcessFanout } from './two-process.js';
import { MemoryPreferenceStore } from '../../tests/helpers/fakes.js';

const TOKEN = '123456:bench-token-aaaaaaaaaaaaaaaaaaaaaa';
const TEXT = 'Erinnerung: Widerspruch gegen die KI-Nutzung bei Meta';

/** What the rate-enforcing fake Bot API counted (its /stats answer). */
interface FakeStats {
  sent: number;
  /** Sent with allow_paid_broadcast (paid runs). */
  paid: number;
  tooMany: number;
  duplicates: number;
  chats: number;
  firstAt: number;
  lastAt: number;
}

interface FakeServer {
  readonly root: string;
  stats(): Promise<FakeStats>;
  reset(): Promise<void>;
  close(): void;
}

async function startFake(limit: number, paidLimit?: number): Promise<FakeServer> {
  const child: ChildProcess = fork(resolve('bench/fanout/fake-bot-api.ts'), {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      FAKE_LIMIT: String(limit),
      ...(paidLimit ? { FAKE_PAID_LIMIT: String(paidLimit) } : {}),
    },
  });
  const port = await new Promise<number>((ok) => child.once('message', (m: { port: number }) => ok(m.port)));
  const root = `http://127.0.0.1:${port}`;
  return {
    root,
    stats: async () => (await fetch(`${root}/stats`)).json() as Promise<FakeStats>,
    reset: async () => void (await fetch(`${root}/reset`)),
    close: () => child.kill(),
  };
}

export interface FanoutResult {
  readonly name: string;
  readonly seconds: number;
  readonly perSecond: number;
  readonly tooMany: number;
  readonly delivered: number;
  readonly duplicates: number;
  /** The limit the rate is compared with (the paid limit in paid runs). */
  readonly limit?: number;
  /** Paid runs: messages sent with allow_paid_broadcast, and the distinct chats reached. */
  readonly paid?: number;
  readonly chats?: number;
  /** Two-process mode: time from the SIGKILL of the sending process to the survivor's first send. */
  readonly takeoverMs?: number;
}

async function waitFor(fake: FakeServer, n: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while ((await fake.stats()).sent < n) {
    if (Date.now() > end) throw new Error('fan-out did not finish in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The rate is measured at the platform: from the first to the last accepted message (set-up excluded). */
async function measure(
  name: string,
  fake: FakeServer,
  run: () => Promise<void | { takeoverMs: number }>,
  limit?: number,
): Promise<FanoutResult> {
  await fake.reset();
  const extra = await run();
  const s = await fake.stats();
  const seconds = (s.lastAt - s.firstAt) / 1000;
  return {
    name,
    seconds,
    perSecond: (s.sent - 1) / seconds,
    tooMany: s.tooMany,
    delivered: s.sent,
    duplicates: s.duplicates,
    ...(limit ? { limit, paid: s.paid, chats: s.chats } : {}),
    ...(extra ? extra : {}),
  };
}

async function ours(
  fake: FakeServer,
  n: number,
  limit: number,
  paid?: { readonly perSecond: number; readonly maxStars: number },
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fanout-'));
  const store = new SqliteStore(join(dir, 'bot.sqlite'));
  try {
    // A zone where it is daytime now, so the sending window is open whenever the bench runs.
    const zone = daytimeZone();
    for (let i = 1; i <= n; i++) {
      await store.subscribe(`telegram:${i}`);
      await store.setTimezone(`telegram:${i}`, zone);
    }
    const now = new Date();
    for (let i = 0; i < n; i += 5000) {
      await store.enqueue(
        Array.from({ length: Math.min(5000, n - i) }, (_, j) => ({
          key: `b:bench:${i + j + 1}`,
          conversation: `telegram:${i + j + 1}`,
          kind: 'broadcast' as const,
          ref: 'bench',
          dueAt: now,
          payload: TEXT,
        })),
      );
    }
    const content = loadContent(resolve('content'));
    const engine = new Engine({ content, preferences: new MemoryPreferenceStore() });
    const telegram = createTelegramBot({
      token: TOKEN,
      apiRoot: fake.root,
      webhook: { url: 'https://bench.invalid/hook' },
      engine,
      logger: silentLogger,
      status: store,
    });
    await telegram.start();
    const scheduler = new Scheduler({
      store,
      content: () => content,
      reminderText: composeDelivery,
      senders: new Map([['telegram', telegram]]),
      limits: { telegram: { perSecond: limit, perChatIntervalMs: 1000 } },
      paid: paid ? { platform: 'telegram', ...paid } : undefined,
      clock: systemClock,
      logger: silentLogger,
      concurrency: Number(process.env.BENCH_FANOUT_CONCURRENCY ?? 64),
      batchSize: 1000,
      leaseMs: 600_000,
    });
    await fake.reset();
    scheduler.start();
    // BENCH_DEBUG=1 prints progress (store.stats() blocks the event loop, so only when asked).
    const progress = process.env.BENCH_DEBUG
      ? setInterval(
          () =>
            void Promise.all([store.stats(), fake.stats()]).then(([a, b]) =>
              console.error(JSON.stringify(a.deliveries), JSON.stringify(b)),
            ),
          1000,
        )
      : undefined;
    await waitFor(fake, n, n * 10).finally(() => clearInterval(progress));
    await scheduler.stop();
    await telegram.stop();
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Sends to chats 1..n with `parallel` sends in flight, as a broadcast loop does. */
async function sendAll(api: Api, n: number, parallel: number): Promise<void> {
  let next = 1;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let id = next++; id <= n; id = next++) await api.sendMessage(id, TEXT);
    }),
  );
}

async function grammyRecipe(fake: FakeServer, n: number): Promise<void> {
  const api = new Api(TOKEN, { apiRoot: fake.root });
  api.config.use(autoRetry());
  await sendAll(api, n, 8);
}

async function throttler(fake: FakeServer, n: number, limit: number): Promise<void> {
  const api = new Api(TOKEN, { apiRoot: fake.root });
  api.config.use(
    apiThrottler({
      global: {
        reservoir: limit,
        reservoirRefreshAmount: limit,
        reservoirRefreshInterval: 1000,
        maxConcurrent: 25,
      },
    }),
  );
  api.config.use(autoRetry());
  await sendAll(api, n, 64);
}

export async function runFanoutBench(n = 100_000, limit = 1000): Promise<FanoutResult[]> {
  const fake = await startFake(limit);
  try {
    const results: FanoutResult[] = [];
    // BENCH_FANOUT_SENDERS=ours,recipe,throttler picks senders (all by default).
    const only = process.env.BENCH_FANOUT_SENDERS?.split(',');
    const wanted = (name: string) => !only || only.includes(name);
    if (wanted('ours'))
      results.push(await measure('ours (outbox + scheduler + adapter)', fake, () => ours(fake, n, limit)));
    if (wanted('recipe'))
      results.push(
        await measure('grammY recipe (auto-retry, 8 parallel)', fake, () => grammyRecipe(fake, n)),
      );
    if (wanted('throttler'))
      results.push(await measure('transformer-throttler', fake, () => throttler(fake, n, limit)));
    // Two bot processes on PostgreSQL, one killed half-way (BENCH_FANOUT_SENDERS=pg2 or BENCH_FANOUT_PROCESSES=2).
    if (only?.includes('pg2') || process.env.BENCH_FANOUT_PROCESSES === '2')
      results.push(
        await measure('ours, 2 processes on PostgreSQL, SIGKILL', fake, () =>
          twoProcessFanout(fake, n, limit),
        ),
      );
    // Paid runs (their own fake: 30/s free, BENCH_FANOUT_PAID_LIMIT paid), e.g. BENCH_FANOUT_SENDERS=paid,pg2paid.
    if (only?.includes('paid') || only?.includes('pg2paid'))
      results.push(...(await runPaidFanoutBench(n, Number(process.env.BENCH_FANOUT_PAID_LIMIT ?? 1000))));
    return results;
  } finally {
    fake.close();
  }
}

/** Free Telegram rate of the paid runs (the fake's limit without allow_paid_broadcast). */
const FREE_LIMIT = 30;

/** The paid runs: a fake with a free limit of 30/s and `paidLimit` for paid sends. */
async function runPaidFanoutBench(n: number, paidLimit: number): Promise<FanoutResult[]> {
  const fake = await startFake(FREE_LIMIT, paidLimit);
  const only = process.env.BENCH_FANOUT_SENDERS?.split(',') ?? [];
  // A budget that covers the whole wave (0.1 Stars per message).
  const paid = { perSecond: paidLimit, maxStars: n / 10 };
  try {
    const results: FanoutResult[] = [];
    if (only.includes('paid'))
      results.push(
        await measure(
          'ours, paid broadcast (SQLite)',
          fake,
          () => ours(fake, n, FREE_LIMIT, paid),
          paidLimit,
        ),
      );
    if (only.includes('pg2paid'))
      results.push(
        await measure(
          'ours, paid, 2 processes on PostgreSQL, SIGKILL',
          fake,
          () => twoProcessFanout(fake, n, FREE_LIMIT, paid),
          paidLimit,
        ),
      );
    return results;
  } finally {
    fake.close();
  }
}

export function printFanoutBench(results: readonly FanoutResult[], limit: number): void {
  console.log(
    `fan-out: ${results[0]?.delivered.toLocaleString('en')} deliveries, fake Bot API limit ${limit}/s (sliding second) and 1/s per chat`,
  );
  console.log(
    `  ${'sender'.padEnd(42)} ${'seconds'.padStart(8)} ${'msg/s'.padStart(8)} ${'of limit'.padStart(9)} ${'429s'.padStart(7)}`,
  );
  for (const r of results) {
    console.log(
      `  ${r.name.padEnd(42)} ${r.seconds.toFixed(1).padStart(8)} ${Math.round(r.perSecond).toString().padStart(8)} ${`${((r.perSecond / (r.limit ?? limit)) * 100).toFixed(1)}%`.padStart(9)} ${String(r.tooMany).padStart(7)}` +
        (r.paid !== undefined
          ? `  (${r.paid} paid, ${r.delivered - r.paid} free, ${r.duplicates} repeats, ${r.chats} chats reached; at ${FREE_LIMIT}/s free it would take ${Math.round(r.delivered / FREE_LIMIT)} s)`
          : '') +
        (r.takeoverMs !== undefined
          ? `  (${r.duplicates} repeats; survivor's first send ${r.takeoverMs} ms after the SIGKILL)`
          : ''),
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.env.BENCH_FANOUT_N ?? 100_000);
  const limit = Number(process.env.BENCH_FANOUT_LIMIT ?? 1000);
  printFanoutBench(await runFanoutBench(n, limit), limit);
}
