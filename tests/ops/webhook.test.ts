/** The Telegram webhook is served by the app's own HTTP server, next to /healthz, /readyz and /metrics. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveWebhookSecret } from '../../adapters/telegram/index.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { FakeBotApi, TEST_TOKEN } from '../telegram/support/fake-bot-api.js';
import { textMessage } from '../telegram/support/updates.js';

describe('webhook mode', () => {
  it(
    'answers updates posted to the webhook path with the right secret, and refuses the others',
    { timeout: 30_000 },
    async () => {
      const fake = await FakeBotApi.start();
      const dir = mkdtempSync(join(tmpdir(), 'webhook-'));
      const port = 20000 + Math.floor(Math.random() * 20000);
      const app = await createApp({
        config: loadConfig({
          TELEGRAM_BOT_TOKEN: TEST_TOKEN,
          TELEGRAM_API_ROOT: fake.apiRoot,
          TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/hook',
          HTTP_PORT: String(port),
          HTTP_HOST: '127.0.0.1',
          DATA_DIR: dir,
          OPERATOR_NAME: 'Test operator',
          OPERATOR_CONTACT: 'ops@example.org',
        }),
        logger: silentLogger,
      });
      try {
        await app.start();
        const [setWebhook] = fake.callsTo('setWebhook');
        expect(setWebhook!.params).toMatchObject({
          url: 'https://bot.example.org/telegram/hook',
          secret_token: deriveWebhookSecret(TEST_TOKEN),
        });
        const post = (secret: string | undefined, update: object) =>
          fetch(`http://127.0.0.1:${port}/telegram/hook`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
            },
            body: JSON.stringify(update),
          });
        expect((await post('wrong', { update_id: 1, ...textMessage('/instagram') })).status).toBe(401);
        expect((await post(undefined, { update_id: 2, ...textMessage('/instagram') })).status).toBe(401);
        expect(
          (await post(deriveWebhookSecret(TEST_TOKEN), { update_id: 3, ...textMessage('/instagram') }))
            .status,
        ).toBe(200);
        const [sent] = await fake.waitForCalls('sendMessage', 1);
        expect(String(sent!.params.text)).toMatch(/Instagram/);
        // Redelivered: answered once (the store remembers update ids).
        expect(
          (await post(deriveWebhookSecret(TEST_TOKEN), { update_id: 3, ...textMessage('/instagram') }))
            .status,
        ).toBe(200);
        await new Promise((r) => setTimeout(r, 300));
        expect(fake.callsTo('sendMessage')).toHaveLength(1);
        const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
        expect(await ready.json()).toEqual({ ok: true, checks: { store: true, adapters: true } });
      } finally {
        await app.stop();
        await fake.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
