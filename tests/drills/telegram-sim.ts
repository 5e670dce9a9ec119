/**
 * The store-outage drills' Telegram: posts one new update to the bot's webhook every `rateMs` and, like
 * Telegram, posts an update again a second after any answer but 200, until it gets one. Each update comes
 * from a chat of its own, so the answers in a chat are the answers to that update.
 */
import { apology } from '../../adapters/telegram/boundary.js';
import { loadContent } from '../../src/content/loader.js';
import type { FakeBotApi } from '../telegram/support/fake-bot-api.js';
import { textMessage } from '../telegram/support/updates.js';
import { waitFor } from '../helpers/wait.js';

export interface Sent {
  readonly id: number;
  readonly chat: number;
  readonly firstAt: number;
  attempts: number;
  readonly statuses: number[];
  acknowledged: boolean;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function status(url: string): Promise<number> {
  return fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
    (r) => r.status,
    () => 0,
  );
}

export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  why: () => string,
): Promise<void> {
  try {
    await waitFor(check, 'the drill condition', timeoutMs);
  } catch {
    throw new Error(`timed out: ${why().slice(-4000)}`);
  }
}

/** What the fake Bot API was asked to send, per chat: answers and apologies apart. */
export function chatLog(fake: FakeBotApi) {
  const texts = new Map<number, string[]>();
  fake.onCall = (call) => {
    if (call.method !== 'sendMessage') return;
    const chat = Number(call.params.chat_id);
    texts.set(chat, [...(texts.get(chat) ?? []), String(call.params.text)]);
  };
  const sorry = apology(loadContent('content'));
  return {
    answers: (chat: number) => (texts.get(chat) ?? []).filter((t) => t !== sorry).length,
    apologies: (chat: number) => (texts.get(chat) ?? []).filter((t) => t === sorry).length,
  };
}

export class TelegramSim {
  readonly sent: Sent[] = [];
  private stopping = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly webhookUrl: string,
    private readonly secret: string,
    private readonly rateMs: number,
  ) {}

  start(): void {
    this.loop = (async () => {
      for (let id = 1; !this.stopping; id++) {
        void this.post(this.update(id, 10_000 + id));
        await sleep(this.rateMs);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop;
  }

  update(id: number, chat: number): Sent {
    const s: Sent = { id, chat, firstAt: Date.now(), attempts: 0, statuses: [], acknowledged: false };
    this.sent.push(s);
    return s;
  }

  async post(s: Sent): Promise<void> {
    s.attempts += 1;
    const body = JSON.stringify({
      update_id: s.id,
      ...textMessage('/instagram', 'private_start', { id: s.chat }),
    });
    const code = await fetch(this.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': this.secret },
      body,
    }).then(
      (r) => r.status,
      () => 0,
    );
    s.statuses.push(code);
    if (code === 200) s.acknowledged = true;
    else setTimeout(() => void this.post(s), 1_000);
  }
}
