import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, waitFor, type Running } from './harness.js';

const ALICE = '@alice:fake.test';
const SEND = /\/send\/m\.room\.message\//;

describe('Matrix rate limits and outages', () => {
  let h: Harness;
  let run: Running;
  let room: string;
  beforeEach(async () => {
    h = new Harness();
    await h.server.start();
    run = await h.startBot();
    room = h.m.createRoom({ members: [ALICE] });
    h.m.invite(room, ALICE);
    await waitFor(() => h.m.botMessages(room).length === 1, 'greeting');
  });
  afterEach(() => h.close());

  const attemptsAfter = (index: number) => h.m.sendAttempts.slice(index);
  const failedSyncs = () => run.logLines.filter((l) => l.includes('matrix sync failed')).length;

  it('waits retry_after_ms on M_LIMIT_EXCEEDED and retries with the same transaction id', async () => {
    h.server.fail({
      method: 'PUT',
      path: SEND,
      times: 1,
      status: 429,
      body: { errcode: 'M_LIMIT_EXCEEDED', error: 'Too many requests', retry_after_ms: 300 },
    });
    const before = h.server.requests.length;
    h.m.say(room, ALICE, '!instagram');
    await waitFor(() => h.m.botMessages(room).length === 2, 'answer after the rate limit');
    const puts = h.server.requests.slice(before).filter((r) => r.method === 'PUT' && SEND.test(r.path));
    expect(puts).toHaveLength(2);
    expect(puts[1]!.at - puts[0]!.at).toBeGreaterThanOrEqual(280);
    expect(puts[0]!.path).toBe(puts[1]!.path);
  });

  it('honours a Retry-After header when the body has no retry_after_ms', async () => {
    h.server.fail({
      method: 'PUT',
      path: SEND,
      times: 1,
      status: 429,
      body: { errcode: 'M_LIMIT_EXCEEDED', error: 'slow down' },
      headers: { 'Retry-After': '1' },
    });
    const before = h.server.requests.length;
    h.m.say(room, ALICE, '!instagram');
    await waitFor(() => h.m.botMessages(room).length === 2, 'answer after Retry-After');
    const puts = h.server.requests.slice(before).filter((r) => r.method === 'PUT' && SEND.test(r.path));
    expect(puts).toHaveLength(2);
    expect(puts[1]!.at - puts[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('gives a rate limit longer than it will wait back to the caller as rate_limited', async () => {
    h.server.fail({
      method: 'PUT',
      path: SEND,
      times: 1,
      status: 429,
      body: { errcode: 'M_LIMIT_EXCEEDED', retry_after_ms: 3_600_000 },
    });
    const error = await run.bot
      .send(
        `matrix:${room}`,
        { blocks: [{ kind: 'paragraph', content: [{ kind: 'text', text: 'hi' }] }], buttons: [] },
        'k',
      )
      .catch((err: unknown) => err);
    expect(error).toMatchObject({ failure: 'rate_limited', retryAfterMs: 3_600_000 });
  });

  it('retries a 502 from the homeserver and still posts once', async () => {
    h.server.fail({
      method: 'PUT',
      path: SEND,
      times: 2,
      status: 502,
      body: { errcode: 'M_UNKNOWN', error: 'bad gateway' },
    });
    const index = h.m.sendAttempts.length;
    h.m.say(room, ALICE, '!instagram');
    await waitFor(() => h.m.botMessages(room).length === 2, 'answer after 502s');
    expect(attemptsAfter(index)).toHaveLength(1);
  });

  it('survives a homeserver restart and carries on from its sync token without answering twice', async () => {
    h.m.say(room, ALICE, '!instagram');
    await waitFor(() => h.m.botMessages(room).length === 2, 'first answer');
    await h.server.stop();
    h.m.say(room, ALICE, '!frist'); // arrives while the bot cannot reach the server
    await waitFor(() => failedSyncs() >= 1, 'a failed sync while the server is down');
    await h.server.start();
    await waitFor(() => h.m.botMessages(room).length === 3, 'answer after the restart');
    expect(await h.barrier(room, ALICE)).toHaveLength(3);
    expect(run.logLines.join('\n')).toContain('matrix sync recovered');
  });

  it('backs off when /sync is rate limited and then goes on', async () => {
    h.server.fail({
      method: 'GET',
      path: /\/sync$/,
      times: 2,
      status: 429,
      body: { errcode: 'M_LIMIT_EXCEEDED', retry_after_ms: 100 },
    });
    await waitFor(() => failedSyncs() >= 2, 'two rate-limited syncs');
    h.m.say(room, ALICE, '!instagram');
    await waitFor(() => h.m.botMessages(room).length === 2, 'answer after sync 429s');
  });

  it('stops promptly even while a long poll is open', async () => {
    const slow = await h.startBot({ tuning: { syncTimeoutMs: 20_000 } });
    await waitFor(
      () => h.server.requests.some((r) => r.path.endsWith('/sync') && r.query.includes('timeout=20000')),
      'a long poll open',
    );
    const started = Date.now();
    await slow.bot.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
