/**
 * Fault drill: PostgreSQL goes away for ~10 s while updates arrive over the webhook at a steady rate.
 *
 * The shared PostgreSQL on 127.0.0.1:5432 is never stopped (other test runs use it): the bot's DATABASE_URL
 * points at a TCP proxy owned by this test, and the outage is the proxy cutting every connection and
 * refusing new ones, then listening again. The bot runs as its own process (`src/main.ts`), the way it is
 * deployed; the test plays Telegram (telegram-sim.ts): it posts each update to the webhook and posts it again
 * a second later until it gets a 200.
 *
 * Checked: every update sent during the outage gets exactly one answer after recovery and none twice; the
 * process never exits; /readyz is 503 during the outage and 200 after, without a restart; reminders due during
 * the outage go out after it, once each; at most one apology per chat.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PostgresStore } from '../../src/store/postgres.js';
import { freePort } from '../helpers/net.js';
import { closeAdminPool, dropSchema, TEST_DATABASE_URL, uniqueName } from '../store/pg-harness.js';
import { cuttableProxy } from './cuttable-proxy.js';
import { countingFake, daytimeZone, startBot } from './support.js';
import {
  barrier,
  chatLog,
  drillFigures,
  recoverAndDrain,
  sleep,
  status,
  TelegramSim,
  waitUntil,
} from './telegram-sim.js';

const SECRET = 'drill-secret_1';
const OUTAGE_MS = 10_000;
const REMINDERS = 5;
const REMINDER_CHAT = 900_000;

describe('a PostgreSQL outage while updates arrive over the webhook', () => {
  it(
    'answers every update sent during the outage exactly once after it, keeps running, and sends the reminders due in it',
    { timeout: 180_000 },
    async () => {
      const schema = uniqueName('drill_outage');
      const target = new URL(TEST_DATABASE_URL);
      const proxy = await cuttableProxy(target.hostname, Number(target.port || 5432));
      const counting = await countingFake();
      const chats = chatLog(counting.fake);
      const dataDir = mkdtempSync(join(tmpdir(), 'drill-outage-'));
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const proxied = new URL(TEST_DATABASE_URL);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(proxy.port);
      const bot = startBot(dataDir, counting.fake.apiRoot, {
        DATABASE_URL: proxied.toString(),
        DATABASE_SCHEMA: schema,
        HTTP_PORT: String(port),
        TELEGRAM_WEBHOOK_SECRET: SECRET,
      });
      const telegram = new TelegramSim(`${base}/telegram/webhook`, SECRET, 100);
      try {
        await waitUntil(
          async () => (await status(`${base}/readyz`)) === 200,
          60_000,
          () => bot.log,
        );

        // Reminders that fall due in the middle of the outage (written past the proxy, straight to PostgreSQL).
        const direct = await PostgresStore.open({ databaseUrl: TEST_DATABASE_URL, schema });
        const cutAt = Date.now() + 2_000;
        const zone = daytimeZone();
        for (let i = 1; i <= REMINDERS; i++) {
          await direct.subscribe(`telegram:${REMINDER_CHAT + i}`);
          await direct.setTimezone(`telegram:${REMINDER_CHAT + i}`, zone);
        }
        await direct.enqueue(
          Array.from({ length: REMINDERS }, (_, i) => ({
            key: `b:outage:${i + 1}`,
            conversation: `telegram:${REMINDER_CHAT + i + 1}`,
            kind: 'broadcast' as const,
            ref: 'outage',
            dueAt: new Date(cutAt + 4_000),
            payload: 'Drill',
          })),
        );
        await direct.close();

        telegram.start();
        await sleep(Math.max(0, cutAt - Date.now()));
        await proxy.cut();
        const outageStart = Date.now();
        await sleep(OUTAGE_MS / 2);
        const readyDuring = await status(`${base}/readyz`);
        await sleep(OUTAGE_MS / 2);
        await proxy.restore();
        const outageEnd = Date.now();
        const sent = await recoverAndDrain(telegram, chats, base, () => bot.log);
        const reminders = () =>
          Array.from({ length: REMINDERS }, (_, i) => chats.answers(REMINDER_CHAT + i + 1));
        await waitUntil(
          () => reminders().every((n) => n >= 1),
          60_000,
          () => bot.log,
        );
        await barrier(telegram, chats, () => bot.log);

        const { during, deferred, once, twice, warnings, errors, noisiest } = drillFigures(
          sent,
          chats,
          bot.log,
          outageStart,
          outageEnd,
        );
        const maxApologies = Math.max(...sent.map((s) => chats.apologies(s.chat)));
        process.stdout.write(
          `PostgreSQL outage ${outageEnd - outageStart} ms: ${sent.length} updates sent, ${during.length} during the outage, ` +
            `${deferred.length} answered 503 first (${sent.reduce((n, s) => n + s.attempts, 0)} posts in all), ` +
            `${once.length} answered once, ${twice.length} twice or more; ` +
            `reminders due in the outage sent ${reminders().join('/')}; /readyz ${readyDuring} during; max apologies per chat ${maxApologies}; log: ${warnings} warn, ${errors} error lines (${noisiest.join('; ')})\n`,
        );
        expect(during.length).toBeGreaterThan(50);
        // An update created just before the store came back may reach the bot after it: "during" counts them
        // (the figure), the assertion counts what the bot could not record.
        expect(deferred.length).toBeGreaterThan(50);
        expect(readyDuring).toBe(503);
        for (const s of sent) expect(chats.answers(s.chat), `update ${s.id}`).toBe(1);
        expect(twice).toEqual([]);
        expect(reminders()).toEqual(Array(REMINDERS).fill(1));
        expect(maxApologies).toBeLessThanOrEqual(1);
        expect(bot.exitCode).toBeNull();
        expect(bot.log).toMatch(/store cannot record updates/);
        expect(bot.log).not.toMatch(/"level":60/);
      } finally {
        await telegram.stop();
        bot.kill('SIGTERM');
        await bot.exited;
        await proxy.close();
        await counting.fake.close();
        await dropSchema(schema);
        await closeAdminPool();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
