import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, waitFor } from './harness.js';

describe('Matrix invites', () => {
  let h: Harness;
  beforeEach(async () => {
    h = new Harness();
    await h.server.start();
  });
  afterEach(() => h.close());

  it('joins a room it is invited to and greets once with the menu', async () => {
    const { engine, status } = await h.startBot();
    const room = h.m.createRoom({ members: ['@alice:fake.test'] });
    h.m.invite(room, '@alice:fake.test');
    await waitFor(() => h.m.botMessages(room).length > 0, 'greeting');
    expect(h.m.membership(room)).toBe('join');
    const greeting = h.m.botMessages(room)[0]!.content;
    expect(greeting.msgtype).toBe('m.notice');
    expect(greeting.format).toBe('org.matrix.custom.html');
    expect(String(greeting.body)).toContain(engine.content.topics.get('start')!.text.de.title);
    expect(String(greeting.body)).toContain('[1] ');
    expect(await status.isActive(`matrix:${room}`)).toBe(true);
    expect(await h.barrier(room)).toHaveLength(1);
  });

  it('accepts an invite that was already waiting when it started', async () => {
    const room = h.m.createRoom({ members: ['@alice:fake.test'] });
    h.m.invite(room, '@alice:fake.test');
    await h.startBot();
    await waitFor(() => h.m.botMessages(room).length === 1, 'greeting');
    expect(h.m.membership(room)).toBe('join');
  });

  it('joins after a rate-limited first attempt', async () => {
    await h.startBot();
    h.server.fail({
      method: 'POST',
      path: /\/join\//,
      times: 1,
      status: 429,
      body: { errcode: 'M_LIMIT_EXCEEDED', retry_after_ms: 100 },
    });
    const room = h.m.createRoom({ members: ['@alice:fake.test'] });
    h.m.invite(room, '@alice:fake.test');
    await waitFor(() => h.m.botMessages(room).length === 1, 'greeting');
    expect(h.server.requests.filter((r) => r.path.includes('/join/'))).toHaveLength(2);
  });

  it('declines invites from servers outside the allowed list', async () => {
    await h.startBot({ allowedServers: ['trusted.example'] });
    const room = h.m.createRoom({ members: ['@mallory:elsewhere.test'] });
    h.m.invite(room, '@mallory:elsewhere.test');
    await waitFor(() => h.m.membership(room) === 'leave', 'invite declined');
    // It left the room, so no barrier message can reach it: wait until it handled the next syncs instead.
    await h.syncs(2);
    expect(h.m.botMessages(room)).toHaveLength(0);
    expect(h.server.requests.some((r) => r.path.includes('/join/'))).toBe(false);
  });

  it('accepts invites from an allowed server', async () => {
    await h.startBot({ allowedServers: ['fake.test'] });
    const room = h.m.createRoom({ members: ['@alice:fake.test'] });
    h.m.invite(room, '@alice:fake.test');
    await waitFor(() => h.m.botMessages(room).length === 1, 'greeting');
  });

  it('uses only Client-Server endpoints the fake homeserver knows', async () => {
    await h.startBot();
    const room = h.m.createRoom({ members: ['@alice:fake.test'] });
    h.m.invite(room, '@alice:fake.test');
    await waitFor(() => h.m.botMessages(room).length === 1, 'greeting');
    expect(h.server.unknown).toEqual([]);
  });

  it('starts while the homeserver is down and connects once it is back', async () => {
    await h.server.stop();
    const run = h.create();
    await run.bot.start();
    expect(run.bot.userId).toBeUndefined();
    const room = h.m.createRoom({ members: ['@alice:fake.test'] });
    h.m.invite(room, '@alice:fake.test');
    await h.server.start();
    await waitFor(() => h.m.botMessages(room).length === 1, 'greeting after the server came up');
    expect(run.bot.userId).toBe(h.m.botUserId);
  });

  it('refuses to start with a rejected access token, naming MATRIX_ACCESS_TOKEN', async () => {
    const run = h.create({ accessToken: 'wrong' });
    await expect(run.bot.start()).rejects.toThrow(/MATRIX_ACCESS_TOKEN/);
  });
});
