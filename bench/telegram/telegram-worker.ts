/**
 * "Telegram" for the benchmark, in a worker thread so that, as with the real Bot API, its work does not
 * share the bot's thread: the fake Bot API server, plus the load (updates queued up front, or pushed at a
 * steady rate) and the clock that times the answers. Talks to the main thread with the messages below.
 */
import { parentPort } from 'node:worker_threads';
import { FakeBotApi } from '../../tests/telegram/support/fake-bot-api.js';
import { textMessage } from '../../tests/telegram/support/updates.js';

export type ToWorker =
  | {
      readonly type: 'queue';
      readonly n: number;
      readonly commands: readonly string[];
      readonly latencyMs: number;
    }
  | {
      readonly type: 'stream';
      readonly rate: number;
      readonly seconds: number;
      readonly commands: readonly string[];
      /** Added to every Bot API answer (simulated network). Default 0. */
      readonly latencyMs?: number;
    }
  | { readonly type: 'close' };

export type FromWorker =
  | { readonly type: 'listening'; readonly apiRoot: string; readonly token: string }
  | { readonly type: 'queued' }
  | { readonly type: 'throughput'; readonly updatesPerSecond: number }
  | { readonly type: 'latency'; readonly latenciesMs: readonly number[]; readonly sent: number }
  | { readonly type: 'closed' };

const port = parentPort!;
const fake = await FakeBotApi.start({ record: false });
const post = (message: FromWorker): void => port.postMessage(message);
let chat = 1;

function push(commands: readonly string[], i: number): number {
  const id = chat++;
  fake.push(textMessage(`/${commands[i % commands.length]}`, 'private_start', { id }));
  return id;
}

/** n updates queued before the bot starts: updates/s from its first getUpdates to the n-th answer. */
function queue(n: number, commands: readonly string[], latencyMs: number): void {
  fake.reset();
  fake.latencyMs = latencyMs;
  for (let i = 0; i < n; i++) push(commands, i);
  let first = 0;
  let answered = 0;
  fake.onCall = (call) => {
    if (call.method === 'getUpdates' && !first) first = call.at;
    if (call.method === 'sendMessage' && ++answered === n) {
      fake.onCall = undefined;
      post({ type: 'throughput', updatesPerSecond: (n / (call.at - first)) * 1000 });
    }
  };
  post({ type: 'queued' });
}

/** Updates pushed at `rate` per second to a running bot; time from push to the answer. */
function stream(rate: number, seconds: number, commands: readonly string[], latencyMs = 0): void {
  fake.reset();
  fake.latencyMs = latencyMs;
  const pushedAt = new Map<number, number>();
  const latencies: number[] = [];
  const total = Math.round(rate * seconds);
  const finish = (): void => {
    fake.onCall = undefined;
    clearTimeout(timeout);
    post({ type: 'latency', latenciesMs: latencies, sent: total });
  };
  const timeout = setTimeout(finish, seconds * 1000 + 10_000);
  fake.onCall = (call) => {
    if (call.method !== 'sendMessage') return;
    const at = pushedAt.get(Number(call.params.chat_id));
    if (at === undefined) return;
    latencies.push(call.at - at);
    if (latencies.length === total) finish();
  };
  const start = performance.now();
  let pushed = 0;
  const tick = (): void => {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
    for (; pushed < due; pushed++) pushedAt.set(push(commands, pushed), performance.now());
    if (pushed < total) setTimeout(tick, 1);
  };
  tick();
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'queue') queue(message.n, message.commands, message.latencyMs);
  else if (message.type === 'stream')
    stream(message.rate, message.seconds, message.commands, message.latencyMs);
  else void fake.close().then(() => post({ type: 'closed' }));
});
post({ type: 'listening', apiRoot: fake.apiRoot, token: fake.token });
