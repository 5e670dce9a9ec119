/**
 * Test harness: a fake homeserver plus the real Matrix adapter (real matrix-bot-sdk, real engine and
 * content), with timings shortened so the suite stays fast.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createMatrixBot, type MatrixBot } from '../../adapters/matrix/index.js';
import type { MatrixTuning } from '../../adapters/matrix/tuning.js';
import { loadContent } from '../../src/content/loader.js';
import { Engine } from '../../src/engine/engine.js';
import { MemoryConversationStatus } from '../../src/ports/platform.js';
import { MemoryPreferenceStore, type Logger } from '../../src/ports/capabilities.js';
import { FakeHomeserver } from './fake-homeserver.js';

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
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
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

  async close(): Promise<void> {
    await Promise.all(this.bots.map((b) => b.stop()));
    await this.server.stop();
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
  }
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function waitUntil(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits a little and checks that nothing more happened (for "stays quiet" tests). */
export async function settle(ms = 150): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}
