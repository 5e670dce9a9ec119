import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/message/model.js';
import { DeliveryError } from '../../src/ports/platform.js';
import { Harness, waitFor, waitUntil, type Running } from './harness.js';

const ALICE = '@alice:fake.test';
const BOB = '@bob:fake.test';
const reminder: Reply = {
  blocks: [{ kind: 'paragraph', content: [{ kind: 'text', text: 'Zz-Testnachricht 7f3a' }] }],
  buttons: [],
};

describe('Matrix rooms the bot can no longer reach', () => {
  let h: Harness;
  let run: Running;
  beforeEach(async () => {
    h = new Harness();
    await h.server.start();
    run = await h.startBot();
  });
  afterEach(() => h.close());

  async function joinedRoom(members: readonly string[]): Promise<string> {
    const room = h.m.createRoom({ members });
    h.m.invite(room, members[0]!);
    await waitFor(() => h.m.botMessages(room).length === 1, 'greeting');
    return room;
  }

  async function sendError(conversation: string, key: string): Promise<DeliveryError> {
    const error = await run.bot.send(conversation, reminder, key).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(DeliveryError);
    return error as DeliveryError;
  }

  it('marks a room inactive when kicked, and send() then fails with "blocked" without calling the server', async () => {
    const room = await joinedRoom([ALICE, BOB]);
    h.m.state(room, ALICE, 'm.room.member', h.m.botUserId, { membership: 'leave', reason: 'bye' });
    const conversation = `matrix:${room}`;
    await waitUntil(async () => !(await run.status.isActive(conversation)), 'inactive');
    const sendsBefore = h.m.sendAttempts.length;
    expect((await sendError(conversation, 'k1')).failure).toBe('blocked');
    expect(h.m.sendAttempts).toHaveLength(sendsBefore);
  });

  it('marks a direct chat inactive and leaves when the partner leaves', async () => {
    const room = await joinedRoom([ALICE]);
    h.m.state(room, ALICE, 'm.room.member', ALICE, { membership: 'leave' });
    await waitFor(() => h.m.membership(room) === 'leave', 'bot left');
    expect(await run.status.isActive(`matrix:${room}`)).toBe(false);
    expect((await sendError(`matrix:${room}`, 'k2')).failure).toBe('blocked');
  });

  it('stays in a group room when one of several members leaves', async () => {
    const room = await joinedRoom([ALICE, BOB]);
    h.m.state(room, BOB, 'm.room.member', BOB, { membership: 'leave' });
    h.m.say(room, ALICE, '!frist');
    await waitFor(() => h.m.botMessages(room).length === 2, 'answer');
    expect(h.m.membership(room)).toBe('join');
    expect(await run.status.isActive(`matrix:${room}`)).toBe(true);
  });

  it('reports M_FORBIDDEN from the server as blocked and leaves recording it to the scheduler', async () => {
    const room = h.m.createRoom({ members: [ALICE] });
    const conversation = `matrix:${room}`;
    expect((await sendError(conversation, 'k3')).failure).toBe('blocked');
    expect(await run.status.isActive(conversation)).toBe(true);
  });

  it('posts once when send() is retried with the same idempotency key', async () => {
    const room = await joinedRoom([ALICE]);
    const conversation = `matrix:${room}`;
    await run.bot.send(conversation, reminder, 'deadline:2025-05-27:alice');
    await run.bot.send(conversation, reminder, 'deadline:2025-05-27:alice');
    const attempts = h.m.sendAttempts.filter((s) => String(s.content.body).includes('Zz-Testnachricht'));
    expect(attempts).toHaveLength(2);
    expect(attempts[0]!.txnId).toBe(attempts[1]!.txnId);
    expect(
      h.m.botMessages(room).filter((e) => String(e.content.body).includes('Zz-Testnachricht')),
    ).toHaveLength(1);
    await run.bot.send(conversation, reminder, 'deadline:2025-05-27:alice:again');
    expect(
      h.m.botMessages(room).filter((e) => String(e.content.body).includes('Zz-Testnachricht')),
    ).toHaveLength(2);
  });

  it('rejects conversations of other platforms as permanent', async () => {
    expect((await sendError('telegram:42', 'k4')).failure).toBe('permanent');
  });
});
