import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, waitFor, type Running } from './harness.js';
import { uiPlain } from '../helpers/content.js';

const ALICE = '@alice:fake.test';
const BOB = '@bob:fake.test';

describe('Matrix commands', () => {
  let h: Harness;
  let run: Running;
  let instagramTitle: string;
  beforeEach(async () => {
    h = new Harness();
    await h.server.start();
    run = await h.startBot();
    instagramTitle = run.engine.content.topics.get('instagram')!.text.de.title;
  });
  afterEach(() => h.close());

  /** A room the bot joined through an invite; its greeting is message 0. */
  async function joinedRoom(members: readonly string[]): Promise<string> {
    const room = h.m.createRoom({ members });
    h.m.invite(room, members[0]!);
    await waitFor(() => h.m.botMessages(room).length === 1, 'greeting');
    return room;
  }
  const directRoom = (): Promise<string> => joinedRoom([ALICE]);
  const groupRoom = (): Promise<string> => joinedRoom([ALICE, BOB]);
  const lastBody = (room: string): string =>
    String((h.m.botMessages(room).at(-1)?.content.formatted_body as string | undefined) ?? '');

  /** Waits for the bot's `n`-th answer after its greeting. */
  async function answered(room: string, n: number): Promise<string> {
    await waitFor(() => h.m.botMessages(room).length >= n + 1, `answer ${n}`);
    return lastBody(room);
  }

  it.each(['!instagram', 'instagram', '/instagram', '!Instagram', '  instagram  '])(
    'answers "%s" in a direct chat',
    async (text) => {
      const room = await directRoom();
      h.m.say(room, ALICE, text);
      expect(await answered(room, 1)).toContain(instagramTitle);
    },
  );

  it('answers a question in its own words in a direct chat', async () => {
    const room = await directRoom();
    h.m.say(room, ALICE, 'Wie widerspreche ich bei Instagram?');
    expect(await answered(room, 1)).toContain(instagramTitle);
  });

  it('takes a number as the choice from its last answer', async () => {
    const room = await directRoom();
    h.m.say(room, ALICE, '!start');
    await answered(room, 1);
    const menu = String(h.m.botMessages(room)[1]!.content.body);
    const line = menu.split('\n').find((l) => l.includes('[1] '))!;
    const label = /\[1\] (.+?)(\s{2}\[|$)/.exec(line)![1]!;
    h.m.say(room, ALICE, '1');
    const answer = await answered(room, 2);
    expect(answer).not.toBe('');
    expect(label).toMatch(/Instagram/);
    expect(answer).toContain(instagramTitle);
  });

  it('switches to English with !sprache en', async () => {
    const room = await directRoom();
    h.m.say(room, ALICE, '!sprache en');
    await answered(room, 2);
    h.m.say(room, ALICE, '!instagram');
    expect(await answered(room, 3)).toContain(run.engine.content.topics.get('instagram')!.text.en.title);
  });

  it('stays quiet in a group room when nobody addresses it', async () => {
    const room = await groupRoom();
    h.m.say(room, ALICE, 'instagram');
    h.m.say(room, BOB, 'Wie widerspreche ich bei Instagram?');
    h.m.say(room, ALICE, '!ban @bob:fake.test');
    h.m.say(room, ALICE, '3');
    // Only the greeting before the barrier's answer.
    expect(await h.barrier(room)).toHaveLength(1);
  });

  it('answers a known !command in a group room', async () => {
    const room = await groupRoom();
    h.m.say(room, ALICE, '!instagram');
    expect(await answered(room, 1)).toContain(instagramTitle);
  });

  it('answers "@bot: instagram" typed by hand in a group room', async () => {
    const room = await groupRoom();
    h.m.say(room, ALICE, '@bot: instagram');
    expect(await answered(room, 1)).toContain(instagramTitle);
  });

  it('answers a pill mention with the display name, as Element sends it', async () => {
    const room = await groupRoom();
    h.m.say(room, ALICE, 'KI-Bot: instagram', {
      format: 'org.matrix.custom.html',
      formatted_body: '<a href="https://matrix.to/#/@bot:fake.test">KI-Bot</a>: instagram',
      'm.mentions': { user_ids: ['@bot:fake.test'] },
    });
    expect(await answered(room, 1)).toContain(instagramTitle);
  });

  it('answers a mention by full user id in a group room', async () => {
    const room = await groupRoom();
    h.m.say(room, ALICE, '@bot:fake.test wie widerspreche ich bei instagram');
    expect(await answered(room, 1)).toContain(instagramTitle);
  });

  it('answers an intentional mention elsewhere in the sentence', async () => {
    const room = await groupRoom();
    h.m.say(room, ALICE, 'kannst du mir bei instagram helfen?', {
      'm.mentions': { user_ids: ['@bot:fake.test'] },
    });
    expect(await answered(room, 1)).toContain(instagramTitle);
  });

  it('escapes HTML typed by a user when it quotes it back', async () => {
    const room = await directRoom();
    h.m.say(room, ALICE, '<img src=q onerror=alert(1)> <b>qwertz</b>');
    const html = await answered(room, 1);
    expect(html).not.toMatch(/<img|<b>/);
    expect(html).toContain('&lt;img');
  });

  it('apologises instead of going silent when answering fails unexpectedly', async () => {
    // /stats has no handler in this bare engine (no admin feature): bind one that fails.
    run.engine.registerCommand('stats', () => Promise.reject(new Error('database gone')));
    const room = await directRoom();
    h.m.say(room, ALICE, '!stats');
    await answered(room, 1);
    const body = String(h.m.botMessages(room).at(-1)!.content.body);
    for (const lang of ['de', 'en'] as const)
      expect(body).toContain(uiPlain(run.engine.content, lang, 'error_apology'));
    expect(run.logLines.join('\n')).toContain('database gone');
  });
});
