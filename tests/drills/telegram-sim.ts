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

type ChatLog = ReturnType<typeof chatLog>;

/**
 * After an outage: wait until /readyz says 200 again, keep posting at the steady rate for 2 s more, stop, and
 * wait until every update was acknowledged and answered. Returns what was sent.
 */
export async function recoverAndDrain(
  telegram: TelegramSim,
  chats: ChatLog,
  base: string,
  log: () => string,
): Promise<readonly Sent[]> {
  await waitUntil(async () => (await status(`${base}/readyz`)) === 200, 30_000, log);
  await sleep(2_000);
  await telegram.stop();
  const { sent } = telegram;
  await waitUntil(
    () => sent.every((s) => s.acknowledged && chats.answers(s.chat) >= 1),
    60_000,
    () => `${sent.filter((s) => !s.acknowledged || chats.answers(s.chat) < 1).length} unanswered\n${log()}`,
  );
  return sent;
}

/** A barrier after a drill: one more update, answered after everything before it (a late repeat shows by then). */
export async function barrier(telegram: TelegramSim, chats: ChatLog, log: () => string): Promise<void> {
  const last = telegram.update(1_000_000, 99_999);
  await telegram.post(last);
  await waitUntil(() => chats.answers(last.chat) === 1, 30_000, log);
}

/** What a drill measured: the updates first sent in the outage window, those answered 503 first, answered twice. */
export function drillFigures(sent: readonly Sent[], chats: ChatLog, log: string, start: number, end: number) {
  const logged = (level: number) => log.split('\n').filter((l) => l.includes(`"level":${level}`));
  const byMessage = new Map<string, number>();
  for (const l of [...logged(40), ...logged(50)]) {
    const msg = /"msg":"([^"]*)"/.exec(l)?.[1] ?? '?';
    byMessage.set(msg, (byMessage.get(msg) ?? 0) + 1);
  }
  return {
    during: sent.filter((s) => s.firstAt >= start && s.firstAt < end),
    deferred: sent.filter((s) => s.statuses.some((c) => c !== 200)),
    once: sent.filter((s) => chats.answers(s.chat) === 1),
    twice: sent.filter((s) => chats.answers(s.chat) > 1),
    warnings: logged(40).length,
    errors: logged(50).length,
    noisiest: [...byMessage]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([msg, n]) => `${n}× ${msg}`),
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
