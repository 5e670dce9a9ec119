/** The Matrix adapter passes the adapter contract kit: real matrix-bot-sdk against the fake homeserver. */
import { PLATFORMS } from '../../src/platforms.js';
import { Harness, waitFor } from '../matrix/harness.js';
import { runAdapterContract, type AdapterDriver, type Received } from './adapter-kit.js';

const ALICE = '@alice:fake.test';
const SEND = /\/send\/m\.room\.message\//;

/** Numbered choices as the Matrix renderer writes them: "[1] Instagram  [2] Facebook". */
const choicesIn = (body: string): string[] =>
  [...body.matchAll(/\[(\d{1,2})\] (.+?)(?=\s{2}\[\d{1,2}\] |\n|$)/g)].map((m) => m[2]!);

async function startMatrix(): Promise<AdapterDriver> {
  const h = new Harness();
  await h.server.start();
  const run = await h.startBot();
  const room = h.m.createRoom({ members: [ALICE] });
  h.m.invite(room, ALICE);
  await waitFor(() => h.m.botMessages(room).length === 1, 'the greeting');
  const from = 1; // the greeting on joining is not part of what the kit looks at
  const received = (): Received[] =>
    h.m
      .botMessages(room)
      .slice(from)
      .map((e) => ({
        text: String(e.content.body),
        markup: typeof e.content.formatted_body === 'string' ? e.content.formatted_body : undefined,
        buttons: choicesIn(String(e.content.body)),
      }));
  const say = (text: string): Promise<void> => {
    h.m.say(room, ALICE, text);
    return Promise.resolve();
  };
  return {
    conversation: `matrix:${room}`,
    sender: run.bot,
    messageLimit: 24 * 1024,
    say,
    sayTwice(text) {
      // The same event comes down the sync stream twice (a replayed sync).
      const event = h.m.say(room, ALICE, text);
      h.m.stream.push({ pos: h.m.stream.length + 1, section: 'join', event });
      h.m.wake();
      return Promise.resolve();
    },
    press: (index) => say(String(index + 1)),
    received,
    rateLimitNextSend: () =>
      h.server.fail({
        method: 'PUT',
        path: SEND,
        times: 1,
        status: 429,
        body: { errcode: 'M_LIMIT_EXCEEDED', error: 'slow down' },
        headers: { 'Retry-After': '1' },
      }),
    block: () =>
      h.server.fail({
        method: 'PUT',
        path: SEND,
        times: 1,
        status: 403,
        body: { errcode: 'M_FORBIDDEN', error: 'You are not in this room' },
      }),
    close: () => h.close(),
  };
}

runAdapterContract({
  name: 'matrix',
  capabilities: PLATFORMS.find((p) => p.name === 'matrix')!.capabilities,
  start: startMatrix,
});
