import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite.js';
import { countingFake, prepareFanout, startBot } from './support.js';

const N = 10_000;

describe('killing the bot in the middle of a fan-out', () => {
  it(
    'delivers every message after a restart, and repeats at most the ones in flight',
    { timeout: 180_000 },
    async () => {
      const dir = await prepareFanout(N);
      const counting = await countingFake();
      try {
        const first = startBot(dir, counting.fake.apiRoot);
        await counting.waitFor(() => counting.total() >= 3000, 90_000);
        first.kill('SIGKILL');
        await first.exited;
        const beforeRestart = counting.total();
        expect(beforeRestart).toBeLessThan(N);

        const second = startBot(dir, counting.fake.apiRoot);
        await counting.waitFor(() => counting.perChat.size >= N, 120_000);
        second.kill('SIGTERM');
        expect(await second.exited).toBe(0);

        const repeats = [...counting.perChat.values()].filter((c) => c > 1).length;
        // The scheduler sends at most `concurrency` (8) messages at once: only those can be in flight.
        expect(repeats).toBeLessThanOrEqual(8);
        expect(counting.perChat.size).toBe(N);
        const store = new SqliteStore(join(dir, 'bot.sqlite'));
        const stats = await store.stats();
        await store.close();
        expect(stats.deliveries.sent).toBe(N);
        expect(stats.deliveries.pending + stats.deliveries.claimed).toBe(0);
      } finally {
        await counting.fake.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('stopping the bot with SIGTERM in the middle of a fan-out', () => {
  it('exits cleanly and leaves no delivery claimed', { timeout: 120_000 }, async () => {
    const dir = await prepareFanout(3000);
    const counting = await countingFake();
    try {
      const bot = startBot(dir, counting.fake.apiRoot, { TELEGRAM_RATE_PER_SECOND: '500' });
      await counting.waitFor(() => counting.total() >= 500, 60_000);
      bot.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      const store = new SqliteStore(join(dir, 'bot.sqlite'));
      const stats = await store.stats();
      await store.close();
      expect(stats.deliveries.claimed).toBe(0);
      expect(stats.deliveries.sent + stats.deliveries.pending).toBe(3000);
      expect(stats.deliveries.sent).toBe(counting.perChat.size);
    } finally {
      await counting.fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SIGUSR2', () => {
  it('writes an online backup of the SQLite file while the bot runs', { timeout: 60_000 }, async () => {
    const { readdirSync } = await import('node:fs');
    const dir = await prepareFanout(10);
    const counting = await countingFake();
    try {
      const bot = startBot(dir, counting.fake.apiRoot, { LOG_LEVEL: 'info' });
      await counting.waitFor(() => counting.total() >= 10, 30_000);
      bot.kill('SIGUSR2');
      const deadline = Date.now() + 10_000;
      while (!readdirSync(dir).some((f) => f.startsWith('bot.sqlite.backup-')) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      bot.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      const backup = readdirSync(dir).find((f) => f.startsWith('bot.sqlite.backup-'));
      expect(backup).toBeDefined();
      const copy = new SqliteStore(join(dir, backup!));
      const { deliveries } = await copy.stats();
      expect(deliveries.sent + deliveries.pending + deliveries.claimed).toBe(10);
      await copy.close();
    } finally {
      await counting.fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
