/** The Telegram adapter passes the adapter contract kit: real grammY, webhook mode, against the fake Bot API. */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deriveWebhookSecret, SECRET_HEADER } from '../../adapters/telegram/index.js';
import { PLATFORMS } from '../../src/platforms.js';
import type { RecordedCall } from '../telegram/support/fake-bot-api.js';
import { messagesTo, startHarness } from '../telegram/support/harness.js';
import { callback, textMessage } from '../telegram/support/updates.js';
import { htmlText } from '../helpers/telegram-text.js';
import { runAdapterContract, type AdapterDriver, type Received } from './adapter-kit.js';

const CHAT = 123456789;
const HOOK = 'https://bot.example.org/telegram/hook';

/** The visible text of a sendMessage call (HTML tags and entities undone). */
const visible = htmlText;

type Keyboard = { inline_keyboard?: { text: string; callback_data?: string }[][] } | undefined;
const buttonsOf = (call: RecordedCall) =>
  ((call.params.reply_markup as Keyboard)?.inline_keyboard ?? []).flat();

async function startTelegram(): Promise<AdapterDriver> {
  const h = await startHarness({ webhook: { url: HOOK } });
  const server: Server = createServer((req, res) =>
    req.url === h.bot.webhookPath ? h.bot.webhookHandler(req, res) : res.writeHead(404).end(),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  let updateId = 1000;
  const post = (body: object): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: new URL(HOOK).pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', [SECRET_HEADER]: deriveWebhookSecret(h.fake.token) },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`webhook ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  const sent = (): RecordedCall[] => messagesTo(h.fake, CHAT).filter((c) => !c.refused);
  return {
    conversation: `telegram:${CHAT}`,
    sender: h.bot,
    messageLimit: 4096,
    say: (text) => post({ update_id: ++updateId, ...textMessage(text) }),
    async sayTwice(text) {
      const update = { update_id: ++updateId, ...textMessage(text) };
      await post(update);
      await post(update);
    },
    async press(index) {
      const withButtons = sent().filter((c) => buttonsOf(c).length > 0);
      const data = buttonsOf(withButtons.at(-1)!)[index]!.callback_data!;
      await post({ update_id: ++updateId, ...callback(data, CHAT) });
    },
    received: (): Received[] =>
      sent().map((c) => ({
        text: visible(String(c.params.text)),
        markup: String(c.params.text),
        buttons: buttonsOf(c).map((b) => b.text),
      })),
    rateLimitNextSend: () => h.fake.fail('sendMessage', { status: 429, retryAfter: 1 }),
    block: () =>
      h.fake.fail('sendMessage', { status: 403, description: 'Forbidden: bot was blocked by the user' }),
    async close() {
      await new Promise((r) => server.close(r));
      await h.stop();
    },
  };
}

runAdapterContract({
  name: 'telegram',
  capabilities: PLATFORMS.find((p) => p.name === 'telegram')!.capabilities,
  start: startTelegram,
});
