/**
 * Telegram end to end: fake Bot API on loopback → grammY → engine → sendMessage back. Measures updates
 * per second for this adapter and for a plain guide-style grammY bot (same fake server, same engine and
 * renderer, one run), and the latency from an update being available to its answer arriving at a steady
 * 500 updates/s. The fake server runs in a worker thread (see telegram-worker.ts), the bots here.
 * Run: `npm run bench telegram`; BENCH_RTT_MS=25 adds the same figures with 25 ms added to every Bot API
 * answer (the distance to api.telegram.org), printed side by side with the loopback ones.
 */
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { createTelegramBot } from '../../adapters/telegram/index.js';
import { loadContent } from '../../src/content/loader.js';
import type { Content } from '../../src/content/types.js';
import { Engine } from '../../src/engine/engine.js';
import { createPlainBot } from './plain-bot.js';
import type { FromWorker, ToWorker } from './telegram-worker.js';
import { MemoryConversationStatus, MemoryPreferenceStore } from '../../tests/helpers/fakes.js';

/** Commands whose answers fit one message, so one update is one sendMessage for both bots. */
const COMMANDS = ['start', 'instagram', 'facebook', 'whatsapp', 'frist', 'threads', 'quellen', 'verlauf'];

export interface TelegramBenchOptions {
  /** Updates per throughput round. Default 3000. */
  readonly updates?: number;
  /** Throughput rounds per bot, alternating; the median is reported. Default 3. */
  readonly rounds?: number;
  /** Rate of the latency phase, updates/s. Default 500. */
  readonly rate?: number;
  /** Length of the latency phase, seconds. Default 4. */
  readonly seconds?: number;
  /**
   * Also measure throughput with this much added to every Bot API answer (a real link to api.telegram.org
   * has tens of ms), with `updates / 10` updates. Default 0: loopback only.
   */
  readonly rttMs?: number;
  /** Rate of the latency phase with rttMs added, updates/s. Default 100. */
  readonly rttRate?: number;
}

interface LatencyFigures {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly answered: number;
  readonly sent: number;
}

export interface TelegramBenchResult {
  readonly oursUpdatesPerSecond: number;
  readonly plainUpdatesPerSecond: number;
  readonly ratio: number;
  readonly rate: number;
  readonly oursLatency: LatencyFigures;
  readonly plainLatency: LatencyFigures;
  /** Throughput with rttMs added to every answer, if asked for. */
  readonly withRtt?:
    | {
        readonly rttMs: number;
        readonly oursUpdatesPerSecond: number;
        readonly plainUpdatesPerSecond: number;
        readonly rate: number;
        readonly oursLatency: LatencyFigures;
        readonly plainLatency: LatencyFigures;
      }
    | undefined;
  /** The machine: figures from a busy one are lower and noisier. */
  readonly cpus: number;
  readonly loadAverage: number;
}

type Kind = 'ours' | 'plain';

class Telegram {
  private readonly waiting = new Map<FromWorker['type'], (m: FromWorker) => void>();
  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: FromWorker) => {
      const resolve = this.waiting.get(m.type);
      this.waiting.delete(m.type);
      resolve?.(m);
    });
  }
  static async start(): Promise<{ telegram: Telegram; apiRoot: string; token: string }> {
    // The worker is TypeScript too: it registers tsx's loader first (Node 20 does not pass it on).
    const script = new URL('./telegram-worker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(script)}); })`;
    const telegram = new Telegram(new Worker(boot, { eval: true }));
    const m = await telegram.next('listening');
    return { telegram, apiRoot: m.apiRoot, token: m.token };
  }
  next<T extends FromWorker['type']>(type: T): Promise<Extract<FromWorker, { type: T }>> {
    return new Promise((resolve) => this.waiting.set(type, resolve as (m: FromWorker) => void));
  }
  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }
  async close(): Promise<void> {
    const closed = this.next('closed');
    this.send({ type: 'close' });
    await closed;
    await this.worker.terminate();
  }
}

function makeBot(
  kind: Kind,
  apiRoot: string,
  token: string,
  content: Content,
): { start(): Promise<void>; stop(): Promise<void> } {
  const engine = new Engine({ content, preferences: new MemoryPreferenceStore() });
  if (kind === 'plain') return createPlainBot(token, apiRoot, engine, COMMANDS);
  const discard = new Writable({ write: (_c, _e, done) => done() });
  return createTelegramBot({
    token,
    apiRoot,
    engine,
    logger: pino({ level: 'info' }, discard),
    status: new MemoryConversationStatus(),
  });
}

async function throughput(
  kind: Kind,
  t: Awaited<ReturnType<typeof Telegram.start>>,
  content: Content,
  n: number,
  latencyMs = 0,
): Promise<number> {
  const queued = t.telegram.next('queued');
  t.telegram.send({ type: 'queue', n, commands: COMMANDS, latencyMs });
  await queued;
  const result = t.telegram.next('throughput');
  const bot = makeBot(kind, t.apiRoot, t.token, content);
  await bot.start();
  const { updatesPerSecond } = await result;
  await bot.stop();
  return updatesPerSecond;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function latency(
  kind: Kind,
  t: Awaited<ReturnType<typeof Telegram.start>>,
  content: Content,
  rate: number,
  seconds: number,
  latencyMs = 0,
): Promise<LatencyFigures> {
  const bot = makeBot(kind, t.apiRoot, t.token, content);
  await bot.start();
  await new Promise((r) => setTimeout(r, 200));
  const result = t.telegram.next('latency');
  t.telegram.send({ type: 'stream', rate, seconds, commands: COMMANDS, latencyMs });
  const { latenciesMs, sent } = await result;
  await bot.stop();
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? NaN,
    answered: sorted.length,
    sent,
  };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runTelegramBench(opts: TelegramBenchOptions = {}): Promise<TelegramBenchResult> {
  const { updates = 3000, rounds = 3, rate = 500, seconds = 4, rttMs = 0, rttRate = 100 } = opts;
  const content = loadContent(resolve('content'));
  const t = await Telegram.start();
  try {
    // Warm-up: JIT for both bots and the server.
    await throughput('plain', t, content, 500);
    await throughput('ours', t, content, 500);
    const plain: number[] = [];
    const ours: number[] = [];
    for (let r = 0; r < rounds; r++) {
      plain.push(await throughput('plain', t, content, updates));
      ours.push(await throughput('ours', t, content, updates));
    }
    const oursLatency = await latency('ours', t, content, rate, seconds);
    const plainLatency = await latency('plain', t, content, rate, seconds);
    const o = median(ours);
    const p = median(plain);
    const withRtt =
      rttMs > 0
        ? {
            rttMs,
            oursUpdatesPerSecond: await throughput('ours', t, content, updates / 10, rttMs),
            plainUpdatesPerSecond: await throughput('plain', t, content, updates / 10, rttMs),
            rate: rttRate,
            oursLatency: await latency('ours', t, content, rttRate, seconds, rttMs),
            plainLatency: await latency('plain', t, content, rttRate, seconds, rttMs),
          }
        : undefined;
    return {
      oursUpdatesPerSecond: o,
      plainUpdatesPerSecond: p,
      ratio: o / p,
      rate,
      oursLatency,
      plainLatency,
      withRtt,
      cpus: cpus().length,
      loadAverage: loadavg()[0] ?? 0,
    };
  } finally {
    await t.telegram.close();
  }
}

export function printTelegramBench(r: TelegramBenchResult): void {
  const ms = (x: number): string => `${x.toFixed(1)} ms`;
  const n = (x: number): string => String(Math.round(x));
  const lat = (l: LatencyFigures): string =>
    `p50 ${ms(l.p50Ms)}, p99 ${ms(l.p99Ms)}, max ${ms(l.maxMs)} (${l.answered}/${l.sent})`;
  console.log(
    `telegram (fake Bot API on loopback in a worker thread → grammY → engine → sendMessage; ${r.cpus} CPUs, load ${r.loadAverage.toFixed(1)})`,
  );
  const rows: [string, string, string, string][] = [
    ['per Bot API answer', 'ours updates/s', 'plain grammY updates/s', 'ours ÷ plain'],
    ['0 ms', n(r.oursUpdatesPerSecond), n(r.plainUpdatesPerSecond), `${r.ratio.toFixed(2)}×`],
  ];
  if (r.withRtt) {
    const { rttMs, oursUpdatesPerSecond: o, plainUpdatesPerSecond: p } = r.withRtt;
    rows.push([`${rttMs} ms`, n(o), n(p), `${(o / p).toFixed(2)}×`]);
  }
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows) console.log(`  ${row.map((cell, i) => cell.padStart(widths[i]!)).join('  ')}`);
  console.log(`  latency at ${r.rate} updates/s, 0 ms: ours ${lat(r.oursLatency)}`);
  console.log(`  ${' '.repeat(`latency at ${r.rate} updates/s, 0 ms: `.length)}plain ${lat(r.plainLatency)}`);
  if (r.withRtt) {
    const w = r.withRtt;
    console.log(`  latency at ${w.rate} updates/s, ${w.rttMs} ms: ours ${lat(w.oursLatency)}`);
    console.log(
      `  ${' '.repeat(`latency at ${w.rate} updates/s, ${w.rttMs} ms: `.length)}plain ${lat(w.plainLatency)}`,
    );
  }
  console.log(
    `  targets at 0 ms: ours ≥ 1.5× plain ${r.ratio >= 1.5 ? 'met' : 'NOT met'}; p99 < 20 ms at ${r.rate}/s ${r.oursLatency.p99Ms < 20 ? 'met' : 'NOT met'}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printTelegramBench(await runTelegramBench({ rttMs: Number(process.env.BENCH_RTT_MS ?? 0) }));
}
