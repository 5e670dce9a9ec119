import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, waitFor } from './harness.js';

const ALICE = '@alice:fake.test';

describe('Matrix events the bot leaves alone', () => {
  let h: Harness;
  beforeEach(async () => {
    h = new Harness();
    await h.server.start();
  });
  afterEach(() => h.close());

  it('does not answer messages sent before its first start', async () => {
    const room = h.m.createRoom({ members: [ALICE], botJoined: true, ts: Date.now() - 60_000 });
    h.m.say(room, ALICE, '!instagram', {}, Date.now() - 30_000);
    await h.startBot();
    expect(await h.barrier(room)).toHaveLength(0);
    h.m.say(room, ALICE, '!instagram');
    await waitFor(() => h.m.botMessages(room).length === 1, 'answer to the new message');
  });

  it('ignores its own messages, edits and notices from other bots, but answers the next real message', async () => {
    await h.startBot();
    const room = h.m.createRoom({ members: [ALICE] });
    h.m.invite(room, ALICE);
    await waitFor(() => h.m.botMessages(room).length === 1, 'greeting');
    h.m.say(room, h.m.botUserId, '!instagram');
    h.m.say(room, ALICE, '* !instagram', {
      'm.new_content': { msgtype: 'm.text', body: '!instagram' },
      'm.relates_to': { rel_type: 'm.replace', event_id: '$e1' },
    });
    h.m.add(room, '@otherbot:fake.test', 'm.room.message', { msgtype: 'm.notice', body: '!instagram' });
    h.m.add(room, ALICE, 'm.room.message', { msgtype: 'm.image', body: 'instagram.png', url: 'mxc://x/y' });
    // Only the greeting and the bot's own (fake) message: nothing answered.
    expect((await h.barrier(room)).filter((e) => e.content.msgtype === 'm.notice')).toHaveLength(1);
    h.m.say(room, ALICE, '!instagram');
    await waitFor(
      () => h.m.botMessages(room).filter((e) => e.content.msgtype === 'm.notice').length === 3,
      'answer',
    );
  });

  it('keeps message text and the access token out of its logs', async () => {
    const run = await h.startBot();
    const room = h.m.createRoom({ members: [ALICE] });
    h.m.invite(room, ALICE);
    await waitFor(() => h.m.botMessages(room).length === 1, 'greeting');
    h.m.say(room, ALICE, 'geheimnis-1234 instagram');
    await waitFor(() => h.m.botMessages(room).length === 2, 'answer');
    // The line is written once the homeserver has answered the send, just after the fake recorded it.
    await waitFor(() => run.logLines.some((l) => l.includes('matrix message answered')), 'the answer logged');
    const logs = run.logLines.join('\n');
    expect(logs).not.toContain('geheimnis-1234');
    expect(logs).not.toContain(h.m.accessToken);
    expect(logs).not.toContain(room);
  });

  it('never logs the access token, even when the homeserver fails without a Matrix error', async () => {
    const run = await h.startBot();
    const room = h.m.createRoom({ members: [ALICE] });
    h.m.invite(room, ALICE);
    await waitFor(() => h.m.botMessages(room).length === 1, 'greeting');
    // matrix-bot-sdk throws the raw HTTP response here, request headers (Authorization) included.
    h.server.fail({
      method: 'GET',
      path: /\/joined_members$/,
      times: 1,
      status: 502,
      body: { proxy: 'bad gateway' },
    });
    h.m.say(room, ALICE, '!instagram');
    await waitFor(
      () => run.logLines.some((l) => l.includes('matrix event handling failed')),
      'the failure logged',
    );
    const logs = run.logLines.join('\n');
    expect(logs).toContain('HTTP 502');
    expect(logs).not.toContain(h.m.accessToken);
    expect(logs).not.toContain('Bearer');
  });
});
