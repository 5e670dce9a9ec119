/**
 * The real adapter on the real grammY, against the fake Bot API: content from content/, the real engine,
 * in-memory ports, and a logger that keeps every line so tests can check what was (never) logged.
 */
import { resolve } from 'node:path';
import {
  createTelegramBot,
  type TelegramBot,
  type TelegramBotOptions,
} from '../../../adapters/telegram/index.js';
import { loadContent } from '../../../src/content/loader.js';
import type { Content } from '../../../src/content/types.js';
import { Engine } from '../../../src/engine/engine.js';
import { type Logger } from '../../../src/ports/capabilities.js';
import { lineLogger } from '../../helpers/logger.js';
import { FakeBotApi, type FakeOptions } from './fake-bot-api.js';
import { MemoryConversationStatus, MemoryPreferenceStore } from '../../helpers/fakes.js';

let content: Content | undefined;
export const testContent = (): Content => (content ??= loadContent(resolve('content')));

export interface Harness {
  readonly fake: FakeBotApi;
  readonly bot: TelegramBot;
  readonly engine: Engine;
  readonly status: MemoryConversationStatus;
  /** Every log line written so far, as JSON text. */
  readonly logs: string[];
  stop(): Promise<void>;
}

/** A pino logger whose JSON lines go into `lines` (tests/helpers/logger.ts). */
const recordingLogger = (lines: string[]): Logger => lineLogger(lines);

export type HarnessOptions = Partial<
  Omit<TelegramBotOptions, 'token' | 'apiRoot' | 'engine' | 'logger' | 'status'>
> & {
  readonly fake?: FakeOptions;
  /** Start the bot (default true). */
  readonly start?: boolean;
};

/** Fast retries, so failure tests do not wait on wall-clock time. */
const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterSeconds: 1 } as const;

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const fake = await FakeBotApi.start(opts.fake);
  const engine = new Engine({ content: testContent(), preferences: new MemoryPreferenceStore() });
  const status = new MemoryConversationStatus();
  const logs: string[] = [];
  const bot = createTelegramBot({
    retry: FAST_RETRY,
    sendRetry: FAST_RETRY,
    ...opts,
    token: fake.token,
    apiRoot: fake.apiRoot,
    engine,
    logger: recordingLogger(logs),
    status,
  });
  if (opts.start ?? true) await bot.start();
  return {
    fake,
    bot,
    engine,
    status,
    logs,
    stop: async () => {
      await bot.stop();
      await fake.close();
      // Every test runs against the strict fake: anything Telegram would have refused fails the test.
      fake.assertNoRefusals();
    },
  };
}

/** The sendMessage calls to one chat. */
export const messagesTo = (fake: FakeBotApi, chatId: number) =>
  fake.callsTo('sendMessage').filter((c) => c.params.chat_id === chatId);
