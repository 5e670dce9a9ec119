import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveWebhookSecret, SECRET_HEADER } from '../../adapters/telegram/index.js';
import { startHarness, type Harness, type HarnessOptions } from './support/harness.js';
import { fixture } from './support/updates.js';

const URL_ = 'https://bot.example.org/telegram/hook';
let h: Harness | undefined;
let server: Server | undefined;
let port = 0;

afterEach(async () => {
  await h?.stop();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  h = undefined;
  server = undefined;
});

async function webhookBot(opts: HarnessOptions = {}): Promise<Harness> {
  h = await startHarness({ webhook: { url: URL_ }, ...opts });
  const handler = h.bot.webhookHandler;
  server = createServer((req, res) =>
    req.url === h!.bot.webhookPath ? handler(req, res) : res.writeHead(404).end(),
  );
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  return h;
}

function post(body: string | Buffer, headers: Record<string, string> = {}, method = 'POST'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/telegram/hook',
        method,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const update = (id: number): string => JSON.stringify({ update_id: id, ...fixture('private_start') });

describe('Telegram bot in webhook mode', () => {
  it('registers the webhook with a secret derived from the token and no polling', async () => {
    await webhookBot();
    const [call] = await h!.fake.waitForCalls('setWebhook');
    expect(call!.params).toMatchObject({ url: URL_, secret_token: deriveWebhookSecret(h!.fake.token) });
    expect(String(call!.params.secret_token)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(h!.bot.webhookPath).toBe('/telegram/hook');
    expect(h!.fake.callsTo('getUpdates')).toHaveLength(0);
  });

  it('handles an update that carries the right secret', async () => {
    await webhookBot({ webhook: { url: URL_, secret: 'mein-geheimnis_1' } });
    expect(await post(update(1), { [SECRET_HEADER]: 'mein-geheimnis_1' })).toBe(200);
    const [call] = await h!.fake.waitForCalls('sendMessage');
    expect(call!.params.chat_id).toBe(123456789);
  });

  it('refuses a request with a wrong or missing secret, without handling it', async () => {
    await webhookBot();
    expect(await post(update(1), { [SECRET_HEADER]: 'falsch' })).toBe(401);
    expect(await post(update(2))).toBe(401);
    expect(await post(update(3), { [SECRET_HEADER]: deriveWebhookSecret(h!.fake.token) })).toBe(200);
    const calls = await h!.fake.waitForCalls('sendMessage');
    expect(calls).toHaveLength(1);
    // A flood must not flood the log: the first refusal is logged, the next ones within the minute only counted.
    expect(h!.logs.filter((l) => l.includes('webhook requests refused'))).toHaveLength(1);
  });

  it('refuses an oversized body, a body that is not an update, and other methods', async () => {
    await webhookBot({ maxBodyBytes: 4096 });
    const secret = { [SECRET_HEADER]: deriveWebhookSecret(h!.fake.token) };
    expect(await post(Buffer.alloc(100_000, 'a'), secret)).toBe(413);
    expect(
      await post(JSON.stringify({ update_id: 5, padding: 'x'.repeat(5000) }), {
        ...secret,
        'transfer-encoding': 'chunked',
      }),
    ).toBe(413);
    expect(await post('{"update_id": "eins"}', secret)).toBe(400);
    expect(await post('nicht json', secret)).toBe(400);
    expect(await post('', secret, 'GET')).toBe(405);
    expect(h!.fake.callsTo('sendMessage')).toHaveLength(0);
  });

  it('answers a redelivered update only once', async () => {
    await webhookBot();
    const secret = { [SECRET_HEADER]: deriveWebhookSecret(h!.fake.token) };
    expect(await post(update(42), secret)).toBe(200);
    expect(await post(update(42), secret)).toBe(200);
    expect(await post(update(43), secret)).toBe(200);
    await h!.fake.waitForCalls('sendMessage', 2);
    expect(h!.fake.callsTo('sendMessage')).toHaveLength(2);
  });

  it('asks the injected store whether an update is new', async () => {
    const offered: string[] = [];
    await webhookBot({ seenUpdates: (id) => (offered.push(id), Promise.resolve(false)) });
    expect(await post(update(7), { [SECRET_HEADER]: deriveWebhookSecret(h!.fake.token) })).toBe(200);
    expect(offered).toEqual(['7']);
    expect(h!.fake.callsTo('sendMessage')).toHaveLength(0);
  });

  it('answers 503 before start and after stop, so that Telegram delivers again later', async () => {
    await webhookBot({ start: false });
    const secret = { [SECRET_HEADER]: deriveWebhookSecret(h!.fake.token) };
    expect(await post(update(1), secret)).toBe(503);
    await h!.bot.start();
    expect(await post(update(1), secret)).toBe(200);
    await h!.bot.stop();
    expect(await post(update(2), secret)).toBe(503);
  });
});
