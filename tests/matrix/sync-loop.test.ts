import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmitFn, SyncResponse, SyncSource } from '../../adapters/matrix/client.js';
import { retryAfterHeaderMs } from '../../adapters/matrix/http-hooks.js';
import { FileStateStore } from '../../adapters/matrix/state-store.js';
import { SyncLoop } from '../../adapters/matrix/sync-loop.js';
import { createMatrixBot } from '../../adapters/matrix/index.js';
import { loadContent } from '../../src/content/loader.js';
import { Engine } from '../../src/engine/engine.js';
import { silentLogger } from '../../src/logger.js';
import { MemoryConversationStatus } from '../helpers/fakes.js';
import { FlakyPreferences, Outage } from '../helpers/flaky-store.js';
import { lineLogger } from '../helpers/logger.js';
import { FakeHomeserver } from './fake-homeserver.js';
import { FAST, waitFor } from './harness.js';

/** A scripted SyncSource (our own port, not the SDK): answers in order, then waits. */
class ScriptedSource implements SyncSource {
  readonly sinces: (string | null)[] = [];
  constructor(private readonly answers: (SyncResponse | Error)[]) {}
  syncOnce(token: string | null): Promise<SyncResponse> {
    this.sinces.push(token);
    const next = this.answers.shift();
    if (!next) return new Promise(() => undefined);
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  }
  async processOnce(raw: SyncResponse, emit: EmitFn): Promise<void> {
    await emit('batch', raw.next_batch);
  }
}

const dirs: string[] = [];
const store = (): FileStateStore => {
  const dir = mkdtempSync(join(tmpdir(), 'matrix-state-'));
  dirs.push(dir);
  return new FileStateStore(dir, silentLogger);
};
const options = { backoffMinMs: 5, backoffMaxMs: 20, maxProcessAttempts: 2 };
const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('Matrix sync loop', () => {
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('saves a sync token only after the handlers of that sync have finished', async () => {
    const tokens = store();
    const seen: string[] = [];
    let release: () => void = () => undefined;
    const handled = new Promise<void>((r) => (release = r));
    const emit: EmitFn = async (_name, token) => {
      seen.push(`${String(token)} saved=${String(tokens.getSyncToken())}`);
      if (token === 's2') await handled;
    };
    const loop = new SyncLoop(
      new ScriptedSource([{ next_batch: 's1' }, { next_batch: 's2' }]),
      tokens,
      emit,
      options,
      silentLogger,
    );
    loop.start();
    await until(() => seen.length === 2);
    expect(seen).toEqual(['s1 saved=null', 's2 saved=s1']);
    expect(tokens.getSyncToken()).toBe('s1');
    release();
    await until(() => tokens.getSyncToken() === 's2');
    await loop.stop();
    expect((JSON.parse(readFileSync(tokens.file, 'utf8')) as { syncToken: unknown }).syncToken).toBe('s2');
  });

  it('leaves the token of a sync that a stop interrupted, so the next start handles it again', async () => {
    const tokens = store();
    let release: () => void = () => undefined;
    const slow = new Promise<void>((r) => (release = r));
    let started = false;
    const emit: EmitFn = async () => {
      started = true;
      await slow;
    };
    const loop = new SyncLoop(
      new ScriptedSource([{ next_batch: 's1' }]),
      tokens,
      emit,
      options,
      silentLogger,
    );
    loop.start();
    await until(() => started);
    const stopped = loop.stop();
    release();
    await stopped;
    expect(tokens.getSyncToken()).toBeNull();
  });

  it('keeps syncing when the token cannot be saved', async () => {
    let saves = 0;
    const tokens = {
      getSyncToken: () => null,
      setSyncToken: () => {
        saves += 1;
        return saves === 1 ? Promise.reject(new Error('ENOSPC')) : Promise.resolve();
      },
    };
    const source = new ScriptedSource([{ next_batch: 's1' }, { next_batch: 's2' }]);
    const loop = new SyncLoop(source, tokens, () => Promise.resolve(), options, silentLogger);
    loop.start();
    await until(() => saves === 2);
    await loop.stop();
    expect(source.sinces.slice(0, 3)).toEqual([null, 's1', 's2']);
  });

  it('starts from the saved token and retries after errors', async () => {
    const tokens = store();
    await tokens.setSyncToken('s7');
    const source = new ScriptedSource([new Error('ECONNREFUSED'), { next_batch: 's8' }]);
    const loop = new SyncLoop(source, tokens, () => Promise.resolve(), options, silentLogger);
    loop.start();
    await until(() => tokens.getSyncToken() === 's8');
    await loop.stop();
    expect(source.sinces.slice(0, 3)).toEqual(['s7', 's7', 's8']);
  });

  it('retries a sync whose processing failed before moving on', async () => {
    const tokens = store();
    let calls = 0;
    const source = new ScriptedSource([{ next_batch: 's1' }, { next_batch: 's1' }]);
    source.processOnce = () => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('network')) : Promise.resolve();
    };
    const loop = new SyncLoop(source, tokens, () => Promise.resolve(), options, silentLogger);
    loop.start();
    await until(() => tokens.getSyncToken() === 's1');
    await loop.stop();
    expect(calls).toBe(2);
    expect(source.sinces.slice(0, 2)).toEqual([null, null]);
  });
});

describe('Matrix sync loop while the store is unreachable', () => {
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('does not save the token of a sync whose handling met an unreachable store, and handles it again after', async () => {
    const tokens = store();
    let up = true;
    let waits = 0;
    const health = {
      outages: 0,
      failures: 0,
      reachable: () => Promise.resolve(up),
      untilReachable: async (signal?: AbortSignal) => {
        waits += 1;
        while (!up && !signal?.aborted) await new Promise((r) => setTimeout(r, 5));
      },
    };
    const handled: string[] = [];
    // s1 is handled; during s2 the store goes away (the handler's store call fails; the SDK's handlers swallow it).
    const emit: EmitFn = (_name, token) => {
      if (token === 's2' && handled.filter((t) => t === 's2').length === 0) {
        up = false;
        health.failures += 1;
        setTimeout(() => (up = true), 50);
      }
      handled.push(String(token));
      return Promise.resolve();
    };
    // More attempts than maxProcessAttempts (2): an outage must never make the loop skip a sync.
    const source = new ScriptedSource([{ next_batch: 's1' }, { next_batch: 's2' }, { next_batch: 's2' }]);
    const loop = new SyncLoop(source, tokens, emit, options, silentLogger, health);
    loop.start();
    await until(() => tokens.getSyncToken() === 's2');
    await loop.stop();
    expect(handled).toEqual(['s1', 's2', 's2']);
    // The second sync was asked for again from the same token: it was never saved past.
    expect(source.sinces.slice(0, 3)).toEqual([null, 's1', 's1']);
    expect(waits).toBe(1);
  });
});

describe('the Matrix bot while the store is unreachable', () => {
  it('apologises once per room, and answers every message sent during the outage once after it', async () => {
    const server = new FakeHomeserver();
    await server.start();
    const m = server.matrix;
    const outage = new Outage();
    const lines: string[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'matrix-outage-'));
    dirs.push(dataDir);
    const content = loadContent('content');
    const bot = createMatrixBot({
      homeserverUrl: server.url,
      accessToken: m.accessToken,
      dataDir,
      allowedServers: [],
      e2ee: false,
      engine: new Engine({ content, preferences: new FlakyPreferences(outage) }),
      logger: lineLogger(lines),
      status: new MemoryConversationStatus(),
      tuning: FAST,
      storeHealth: outage,
    });
    const alice = '@alice:fake.test';
    const sorry = content.ui.de.error_apology;
    const texts = (room: string) => m.botMessages(room).map((e) => String(e.content.body));
    let apologies = () => 0;
    try {
      await bot.start();
      const room = m.createRoom({ members: [alice] });
      m.invite(room, alice);
      await waitFor(() => m.botMessages(room).length === 1, 'greeting');
      apologies = () => texts(room).filter((t) => t.includes(sorry)).length;

      outage.up = false;
      m.say(room, alice, '!instagram');
      m.say(room, alice, '!whatsapp');
      await waitFor(() => lines.some((l) => l.includes('matrix sync not finished')), 'the sync held back');
      outage.up = true;
      const title = (topic: string) => content.topics.get(topic)!.text.de.title;
      const answered = (topic: string) => texts(room).filter((t) => t.includes(title(topic))).length;
      await waitFor(() => answered('instagram') >= 1 && answered('whatsapp') >= 1, 'both answers');
      m.say(room, alice, '!frist');
      await waitFor(() => m.botMessages(room).length >= 4 + apologies(), 'the answer to a barrier');
      const all = texts(room);
      // The apology needs the store too (the sender reads the room's language), so during the outage it may not
      // get through at all; never more than once per room per outage.
      expect(apologies()).toBeLessThanOrEqual(1);
      expect(answered('instagram')).toBe(1);
      expect(answered('whatsapp')).toBe(1);
      expect(all).toHaveLength(4 + apologies());
    } finally {
      await bot.stop();
      await server.stop();
    }
  });
});

describe('Matrix state file', () => {
  it('keeps token and values across instances and moves a corrupt file aside', async () => {
    const a = store();
    await a.setSyncToken('s42');
    await a.storeValue('k', 'v');
    const dir = join(a.file, '..');
    const b = new FileStateStore(dir, silentLogger);
    expect(b.getSyncToken()).toBe('s42');
    expect(b.readValue('k')).toBe('v');
    writeFileSync(a.file, '{ half');
    const c = new FileStateStore(dir, silentLogger);
    expect(c.getSyncToken()).toBeNull();
  });
});

describe('Retry-After header', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterHeaderMs('2', 0)).toBe(2000);
    expect(retryAfterHeaderMs(['1.5'], 0)).toBe(1500);
    expect(retryAfterHeaderMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterHeaderMs('soon', 0)).toBeUndefined();
    expect(retryAfterHeaderMs(undefined, 0)).toBeUndefined();
  });
});
