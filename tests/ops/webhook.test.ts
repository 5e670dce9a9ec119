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
import { visibleText } from '../telegram/support/bot-api-rules.js';
import { textMessage } from '../telegram/support/updates.js';
import { realContent } from '../helpers/content.js';
import { freePort } from '../helpers/net.js';

const title = (topic: string): string => realContent().topics.get(topic)!.text.de.title;

describe('webhook mode', () => {
  it(
    'answers updates posted to the webhook path with the right secret, and refuses the others',
    { timeout: 30_000 },
    async () => {
      const fake = await FakeBotApi.start();
      const dir = mkdtempSync(join(tmpdir(), 'webhook-'));
      const port = await freePort();
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
        expect(visibleText(String(sent!.params.text))).toContain(title('instagram'));
        // Redelivered: answered once (the store remembers update ids).
        expect(
          (await post(deriveWebhookSecret(TEST_TOKEN), { update_id: 3, ...textMessage('/instagram') }))
            .status,
        ).toBe(200);
        // Barrier: a new update in the same chat is handled after the redelivery (updates of a chat are
        // handled in order), so once it is answered, a second answer to update 3 would have been sent.
        const about = realContent().topics.get('about')!.text.de;
        await post(deriveWebhookSecret(TEST_TOKEN), {
          update_id: 4,
          ...textMessage(`/${about.commands[0]}`),
        });
        const calls = await fake.waitFor((c) =>
          c.some(
            (call) =>
              call.method === 'sendMessage' && visibleText(String(call.params.text)).includes(about.title),
          ),
        );
        const answers = calls
          .filter((c) => c.method === 'sendMessage')
          .map((c) => visibleText(String(c.params.text)));
        expect(answers).toHaveLength(2);
        expect(answers[0]).toContain(title('instagram'));
        fake.assertNoRefusals();
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
