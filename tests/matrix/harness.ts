/**
 * Test harness: a fake homeserver plus the real Matrix adapter (real matrix-bot-sdk, real engine and
 * content), with timings shortened so the suite stays fast.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createMatrixBot, type MatrixBot } from '../../adapters/matrix/index.js';
import type { MatrixTuning } from '../../adapters/matrix/tuning.js';
import { loadContent } from '../../src/content/loader.js';
import { Engine } from '../../src/engine/engine.js';
import { type Logger } from '../../src/ports/capabilities.js';
import { lineLogger } from '../helpers/logger.js';
import { waitFor as waitForCondition } from '../helpers/wait.js';
import { FakeHomeserver } from './fake-homeserver.js';
import type { FakeEvent } from './fake-matrix.js';
import { MemoryConversationStatus, MemoryPreferenceStore } from '../helpers/fakes.js';

export const FAST: Partial<MatrixTuning> = {
  syncTimeoutMs: 2_000,
  sync: { backoffMinMs: 20, backoffMaxMs: 200, maxProcessAttempts: 3 },
  send: { maxAttempts: 4, maxWaitMs: 5_000, backoffMinMs: 10, backoffMaxMs: 50 },
};

const content = loadContent(resolve('content'));
export const newEngine = (): Engine => new Engine({ content, preferences: new MemoryPreferenceStore() });

/** A pino logger that keeps its lines, so tests can check what was (not) logged. */
function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: lineLogger(lines), lines };
}

export interface Running {
  readonly bot: MatrixBot;
  readonly status: MemoryConversationStatus;
  readonly engine: Engine;
  readonly dataDir: string;
  readonly logLines: string[];
}

export interface BotSetup {
  readonly dataDir?: string;
  readonly allowedServers?: readonly string[];
  readonly e2ee?: boolean;
  readonly accessToken?: string;
  readonly tuning?: Partial<MatrixTuning>;
}

export class Harness {
  readonly server = new FakeHomeserver();
  private readonly dirs: string[] = [];
  private readonly bots: MatrixBot[] = [];

  get m() {
    return this.server.matrix;
  }

  tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'matrix-test-'));
    this.dirs.push(dir);
    return dir;
  }

  create(setup: BotSetup = {}): Running {
    const { logger, lines } = recordingLogger();
    const status = new MemoryConversationStatus();
    const engine = newEngine();
    const dataDir = setup.dataDir ?? this.tempDir();
    const bot = createMatrixBot({
      homeserverUrl: this.server.url,
      accessToken: setup.accessToken ?? this.m.accessToken,
      dataDir,
      allowedServers: setup.allowedServers ?? [],
      e2ee: setup.e2ee ?? false,
      engine,
      logger,
      status,
      tuning: { ...FAST, ...setup.tuning },
    });
    this.bots.push(bot);
    return { bot, status, engine, dataDir, logLines: lines };
  }

  async startBot(setup: BotSetup = {}): Promise<Running> {
    const running = this.create(setup);
    await running.bot.start();
    await waitFor(() => this.server.requests.some((r) => r.path.endsWith('/sync')), 'first sync');
    return running;
  }

  /**
   * A barrier for "stays quiet" checks: `sender` sends the command of `topic` (one the quiet messages are
   * not about), and this waits for the bot's answer to it. The sync loop handles a room's events in order,
   * so whatever the bot was going to say about earlier messages has been said by then. Returns the bot's
   * messages in the room from before that answer.
   */
  async barrier(room: string, sender = '@alice:fake.test', topic = 'about'): Promise<FakeEvent[]> {
    const t = content.topics.get(topic);
    if (!t) throw new Error(`barrier: no topic "${topic}" in content`);
    const titles = Object.values(t.text).map((text) => text.title);
    const from = this.m.botMessages(room).length;
    this.m.say(room, sender, `!${t.text.de.commands[0] ?? topic}`);
    let at = -1;
    await waitFor(() => {
      at = this.m
        .botMessages(room)
        .findIndex((e, i) => i >= from && titles.some((title) => String(e.content.body).includes(title)));
      return at >= 0;
    }, `the answer to the barrier !${topic}`);
    return this.m.botMessages(room).slice(0, at);
  }

  /** Waits until `n` more /sync requests were made: each one goes out after the previous batch was handled. */
  async syncs(n = 2): Promise<void> {
    const count = (): number => this.server.requests.filter((r) => r.path.endsWith('/sync')).length;
    const target = count() + n;
    await waitFor(() => count() >= target, `${n} more syncs`);
  }

  async close(): Promise<void> {
    await Promise.all(this.bots.map((b) => b.stop()));
    await this.server.stop();
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits until `check` holds (tests/helpers/wait.ts). */
export const waitFor = (check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> =>
  waitForCondition(check, what, timeoutMs);

/** Waits until the async `check` holds. */
export const waitUntil = (check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> =>
  waitForCondition(check, what, timeoutMs);
