/**
 * Store benchmark: enqueue, claim and mark-sent throughput for 100,000 deliveries in SQLite and PostgreSQL
 * (plus two PostgreSQL processes claiming side by side, 20,000 deliveries), memory with 1,000,000 SQLite subscriptions paged through
 * listSubscribers (budget: 200 MB), and the claim query's plan in both.
 *
 *   npx tsx bench/store/bench.ts
 *
 * STORE_BENCH_DELIVERIES and STORE_BENCH_SUBSCRIBERS shrink the run; BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test) picks the server, which gets a schema of its own, dropped afterwards.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PostgresStore } from '../../src/store/postgres.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { NewDelivery, Store } from '../../src/ports/store.js';
import type { MemoryResult } from './memory.js';

interface ThroughputResult {
  readonly store: string;
  readonly deliveries: number;
  readonly enqueuePerSecond: number;
  readonly claimPerSecond: number;
  readonly markSentPerSecond: number;
  readonly plan: readonly string[];
}

export interface StoreBenchResult {
  readonly throughput: readonly ThroughputResult[];
  readonly postgresTwoProcesses:
    | { readonly deliveries: number; readonly claimAndSendPerSecond: number; readonly duplicates: number }
    | undefined;
  readonly memory: MemoryResult;
  readonly memoryBudgetMB: number;
}

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ENQUEUE_BATCH = 5000;
const CLAIM_BATCH = 500;
/** markSent calls in flight, as a scheduler sending in parallel would have (one pool connection each). */
const SEND_CONCURRENCY = 10;
/** The two-process run: every markSent is one durable commit, so PostgreSQL's fsync sets its pace. */
const TWO_PROCESS_DELIVERIES = 20_000;
const T0 = Date.UTC(2026, 2, 1, 9);

function plan(n: number, prefix = 'k'): NewDelivery[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `${prefix}:${i}`,
    conversation: `${i % 5 === 0 ? 'matrix:!r' : 'telegram:'}${i % 20_000}`,
    kind: 'deadline',
    ref: `dl-${i % 3}`,
    offsetDays: 7,
    dueAt: new Date(T0 + (i % 1000) * 1000),
    notAfter: new Date(T0 + 86_400_000),
  }));
}

const perSecond = (n: number, ms: number) => Math.round((n * 1000) / ms);

async function throughput(
  store: SqliteStore | PostgresStore,
  n: number,
  analyze: () => Promise<void>,
): Promise<ThroughputResult> {
  const rows = plan(n);
  let started = performance.now();
  for (let i = 0; i < n; i += ENQUEUE_BATCH) await store.enqueue(rows.slice(i, i + ENQUEUE_BATCH));
  const enqueueMs = performance.now() - started;
  await analyze();
  const now = new Date(T0 + 3_600_000);
  const queryPlan = await store.explainClaim({ now, limit: CLAIM_BATCH });
  const claimed: number[] = [];
  started = performance.now();
  for (;;) {
    const batch = await store.claimDue({ now, owner: 'bench', leaseMs: 600_000, limit: CLAIM_BATCH });
    if (batch.length === 0) break;
    for (const d of batch) claimed.push(d.id);
  }
  const claimMs = performance.now() - started;
  started = performance.now();
  let next = 0;
  const sender = async () => {
    while (next < claimed.length) await store.markSent(claimed[next++]!, 'bench', now);
  };
  await Promise.all(Array.from({ length: SEND_CONCURRENCY }, sender));
  const sentMs = performance.now() - started;
  if (claimed.length !== n) throw new Error(`${store.kind}: claimed ${claimed.length} of ${n}`);
  return {
    store: store.kind,
    deliveries: n,
    enqueuePerSecond: perSecond(n, enqueueMs),
    claimPerSecond: perSecond(n, claimMs),
    markSentPerSecond: perSecond(n, sentMs),
    plan: queryPlan,
  };
}

/** Two stores (two pools, as two processes would have) each with four workers: claim 100, mark each sent. */
async function twoProcesses(
  schema: string,
  n: number,
): Promise<NonNullable<StoreBenchResult['postgresTwoProcesses']>> {
  const stores = [
    await PostgresStore.open({ databaseUrl: DATABASE_URL, schema }),
    await PostgresStore.open({ databaseUrl: DATABASE_URL, schema }),
  ];
  await stores[0]!.enqueue(plan(n, 'two'));
  const now = new Date(T0 + 3_600_000);
  const seen = new Set<number>();
  let duplicates = 0;
  const worker = async (store: Store, owner: string) => {
    for (;;) {
      const batch = await store.claimDue({ now, owner, leaseMs: 600_000, limit: 100 });
      if (batch.length === 0) return;
      for (const d of batch) {
        if (seen.has(d.id)) duplicates++;
        seen.add(d.id);
        await store.markSent(d.id, owner, now);
      }
    }
  };
  const started = performance.now();
  await Promise.all(stores.flatMap((store, p) => [0, 1, 2, 3].map((w) => worker(store, `p${p}w${w}`))));
  const ms = performance.now() - started;
  await Promise.all(stores.map((s) => s.close()));
  if (seen.size !== n) throw new Error(`two processes: ${seen.size} of ${n} delivered`);
  return { deliveries: n, claimAndSendPerSecond: perSecond(seen.size, ms), duplicates };
}

function memoryRun(subscribers: number): MemoryResult {
  const dir = mkdtempSync(join(tmpdir(), 'store-bench-mem-'));
  const script = fileURLToPath(new URL('./memory.ts', import.meta.url));
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', script, dir, String(subscribers)],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as MemoryResult;
}

export async function runStoreBench(
  options: { deliveries?: number; subscribers?: number; log?: (line: string) => void } = {},
): Promise<StoreBenchResult> {
  const n = options.deliveries ?? Number(process.env.STORE_BENCH_DELIVERIES ?? 100_000);
  const subscribers = options.subscribers ?? Number(process.env.STORE_BENCH_SUBSCRIBERS ?? 1_000_000);
  const log = options.log ?? (() => undefined);

  log(`SQLite: ${n} deliveries`);
  const dir = mkdtempSync(join(tmpdir(), 'store-bench-'));
  const sqlite = new SqliteStore(join(dir, 'bot.sqlite'));
  const results: ThroughputResult[] = [await throughput(sqlite, n, () => Promise.resolve())];
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });

  let postgresTwoProcesses: StoreBenchResult['postgresTwoProcesses'];
  const admin = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
  admin.on('error', () => undefined);
  const schema = `store_bench_${process.pid}`;
  try {
    await admin.query('SELECT 1');
    log(`PostgreSQL: ${n} deliveries`);
    const pgStore = await PostgresStore.open({ databaseUrl: DATABASE_URL, schema });
    results.push(
      await throughput(pgStore, n, () => admin.query(`ANALYZE ${schema}.deliveries`).then(() => undefined)),
    );
    await pgStore.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    log(`PostgreSQL: two processes × 4 workers, ${Math.min(n, TWO_PROCESS_DELIVERIES)} deliveries`);
    postgresTwoProcesses = await twoProcesses(schema, Math.min(n, TWO_PROCESS_DELIVERIES));
  } catch (err) {
    log(`PostgreSQL skipped: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  }

  log(`SQLite memory: ${subscribers} subscriptions (child process)`);
  return { throughput: results, postgresTwoProcesses, memory: memoryRun(subscribers), memoryBudgetMB: 200 };
}

export function printStoreBench(r: StoreBenchResult): void {
  const f = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });
  console.log(
    `store: deliveries per second (enqueue in batches of ${ENQUEUE_BATCH}, claim ${CLAIM_BATCH} at a time, markSent one per call with ${SEND_CONCURRENCY} in flight)`,
  );
  console.log('  store      deliveries   enqueue/s    claim/s  markSent/s');
  for (const t of r.throughput) {
    console.log(
      `  ${t.store.padEnd(9)} ${f(t.deliveries).padStart(11)} ${f(t.enqueuePerSecond).padStart(11)} ${f(t.claimPerSecond).padStart(10)} ${f(t.markSentPerSecond).padStart(11)}`,
    );
  }
  if (r.postgresTwoProcesses) {
    const two = r.postgresTwoProcesses;
    console.log(
      `  postgres, 2 processes × 4 workers (claim 100, mark each sent), ${f(two.deliveries)} deliveries: ${f(two.claimAndSendPerSecond)}/s, claimed twice: ${two.duplicates}`,
    );
  }
  const m = r.memory;
  const ok = Math.max(m.peakRssPagingMB, m.maxRssMB) < r.memoryBudgetMB;
  console.log(
    `store: SQLite with ${f(m.subscribers)} subscriptions (file ${f(m.fileMB)} MB, seeded through the API in ${f(m.subscribeSeconds)} s)`,
  );
  console.log(
    `  listSubscribers ${f(m.pages)} pages of ${m.pageSize}: ${f(m.listed)} listed in ${f(m.pagingSeconds)} s; stats() ${f(m.statsMs)} ms`,
  );
  console.log(
    `  RSS before paging ${f(m.rssBeforeMB)} MB, peak while paging ${f(m.peakRssPagingMB)} MB (heap ${f(m.peakHeapPagingMB)} MB), process max ${f(m.maxRssMB)} MB: ${ok ? 'within' : 'OVER'} the ${r.memoryBudgetMB} MB budget`,
  );
  for (const t of r.throughput) {
    console.log(`store: claim query plan (${t.store})`);
    for (const line of t.plan) console.log(`  ${line}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  printStoreBench(await runStoreBench({ log: (line) => console.error(`… ${line}`) }));
}
