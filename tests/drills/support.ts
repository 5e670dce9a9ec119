/**
 * Failure drills run the real bot as a child process (`node --import tsx src/main.ts`) against the fake Bot
 * API, with a SQLite data directory prepared by the test, and kill or stop it mid-fan-out.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TZDate } from '@date-fns/tz';
import { SqliteStore } from '../../src/store/sqlite.js';
import { FakeBotApi, TEST_TOKEN } from '../telegram/support/fake-bot-api.js';

/** A fixed-offset zone in which it is early afternoon now, so the 09:00–20:00 sending window is open. */
export function daytimeZone(now = new Date()): string {
  for (let offset = -12; offset <= 14; offset++) {
    const zone = offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
    const hour = new TZDate(now.getTime(), zone).getHours();
    if (hour >= 12 && hour < 15) return zone;
  }
  throw new Error('no daytime zone found');
}

/** A data directory with `n` subscribed Telegram chats, each with one broadcast due now. */
export async function prepareFanout(n: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'drill-'));
  const store = new SqliteStore(join(dir, 'bot.sqlite'));
  const zone = daytimeZone();
  for (let i = 1; i <= n; i++) {
    await store.subscribe(`telegram:${i}`);
    await store.setTimezone(`telegram:${i}`, zone);
  }
  const now = new Date();
  for (let i = 0; i < n; i += 2000) {
    await store.enqueue(
      Array.from({ length: Math.min(2000, n - i) }, (_, j) => ({
        key: `b:drill:${i + j + 1}`,
        conversation: `telegram:${i + j + 1}`,
        kind: 'broadcast' as const,
        ref: 'drill',
        dueAt: now,
        payload: 'Drill',
      })),
    );
  }
  await store.close();
  return dir;
}

export interface Counting {
  readonly fake: FakeBotApi;
  /** sendMessage calls per chat id. */
  readonly perChat: Map<number, number>;
  total(): number;
  waitFor(predicate: () => boolean, timeoutMs: number): Promise<void>;
}

export async function countingFake(): Promise<Counting> {
  const fake = await FakeBotApi.start({ record: false });
  const perChat = new Map<number, number>();
  let total = 0;
  fake.onCall = (call) => {
    if (call.method !== 'sendMessage') return;
    const chat = Number(call.params.chat_id);
    perChat.set(chat, (perChat.get(chat) ?? 0) + 1);
    total++;
  };
  return {
    fake,
    perChat,
    total: () => total,
    async waitFor(predicate, timeoutMs) {
      const end = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > end) throw new Error(`timed out; ${total} messages so far`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

export function startBot(
  dataDir: string,
  apiRoot: string,
  env: Record<string, string> = {},
): ChildProcess & { exited: Promise<number | null>; log: string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      // Webhook mode: no long polling traffic during the drill (the webhook is registered with the fake).
      TELEGRAM_WEBHOOK_URL: 'https://drill.invalid/telegram/webhook',
      HTTP_PORT: String(20000 + Math.floor(Math.random() * 20000)),
      HTTP_HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      TELEGRAM_RATE_PER_SECOND: '2000',
      OPERATOR_NAME: 'Test operator',
      OPERATOR_CONTACT: 'ops@example.org',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { exited: Promise<number | null>; log: string };
  child.log = '';
  // Logs go to stdout (pino), start-up errors to stderr: keep both, for assertions and for failure reports.
  child.stdout?.on('data', (c: Buffer) => (child.log += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (child.log += c.toString('utf8')));
  child.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  return child;
}
