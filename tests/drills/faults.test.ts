import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { TEST_TOKEN } from '../telegram/support/fake-bot-api.js';
import { countingFake, prepareFanout } from './support.js';
import { freePort } from '../helpers/net.js';

const N = 600;
const LIMIT = 100;
const BLOCKED = new Set(Array.from({ length: 20 }, (_, i) => i + 1));

describe('a fan-out while the platform misbehaves (429, 500, 403, dropped connections)', () => {
  it(
    'loses nothing, ends blocked chats’ subscriptions and never exceeds the rate',
    { timeout: 120_000 },
    async () => {
      const dir = await prepareFanout(N);
      const counting = await countingFake();
      const delivered = new Map<number, number>();
      const attempts: number[] = [];
      const faults = { 429: 0, 500: 0, 403: 0, drop: 0 };
      let n = 0;
      counting.fake.onCall = (call) => {
        if (call.method !== 'sendMessage') return;
        attempts.push(call.at);
        const chat = Number(call.params.chat_id);
        n++;
        if (BLOCKED.has(chat)) {
          faults[403]++;
          return counting.fake.fail('sendMessage', {
            status: 403,
            description: 'Forbidden: bot was blocked by the user',
          });
        }
        if (n % 37 === 0) {
          faults[429]++;
          return counting.fake.fail('sendMessage', { status: 429, retryAfter: 1 });
        }
        if (n % 23 === 0) {
          faults[500]++;
          return counting.fake.fail('sendMessage', { status: 500, description: 'Internal Server Error' });
        }
        if (n % 41 === 0) {
          faults.drop++;
          return counting.fake.fail('sendMessage', { drop: true });
        }
        delivered.set(chat, (delivered.get(chat) ?? 0) + 1);
      };
      const config = loadConfig({
        TELEGRAM_BOT_TOKEN: TEST_TOKEN,
        TELEGRAM_API_ROOT: counting.fake.apiRoot,
        TELEGRAM_WEBHOOK_URL: 'https://drill.invalid/telegram/webhook',
        HTTP_PORT: String(await freePort()),
        HTTP_HOST: '127.0.0.1',
        DATA_DIR: dir,
        TELEGRAM_RATE_PER_SECOND: String(LIMIT),
        OPERATOR_NAME: 'Test operator',
        OPERATOR_CONTACT: 'ops@example.org',
      });
      const app = await createApp({ config, logger: silentLogger });
      try {
        await app.start();
        await counting.waitFor(() => delivered.size >= N - BLOCKED.size, 90_000);
        for (let chat = 1; chat <= N; chat++) {
          if (BLOCKED.has(chat)) expect(delivered.has(chat)).toBe(false);
          else expect(delivered.get(chat), `chat ${chat}`).toBeGreaterThanOrEqual(1);
        }
        for (const chat of BLOCKED) {
          const settings = await app.store.getSettings(`telegram:${chat}`);
          expect(settings).toMatchObject({ subscribed: false, active: false });
        }
        expect(faults[429] + faults[500] + faults.drop).toBeGreaterThan(20);
        // The rate, counted on every attempt the platform saw (retries included), in any sliding second.
        attempts.sort((a, b) => a - b);
        let maxInWindow = 0;
        for (let i = 0, j = 0; i < attempts.length; i++) {
          while (attempts[i]! - attempts[j]! >= 1000) j++;
          maxInWindow = Math.max(maxInWindow, i - j + 1);
        }
        expect(maxInWindow).toBeLessThanOrEqual(LIMIT);
      } finally {
        await app.stop();
        await counting.fake.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
