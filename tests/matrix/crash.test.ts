import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, waitFor } from './harness.js';

const ALICE = '@alice:fake.test';
const SEND = /\/send\/m\.room\.message\//;
const SCRIPT = resolve('tests/matrix/fixtures/run-bot.ts');

describe('Matrix sync token after a crash', () => {
  let h: Harness;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    h = new Harness();
    await h.server.start();
  });
  afterEach(async () => {
    children.forEach((c) => c.kill('SIGKILL'));
    await h.close();
  });

  /** The bot in a process of its own (a few seconds to start: tsx compiles the engine), so it can be SIGKILLed. */
  async function startProcess(dataDir: string): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
      env: {
        ...process.env,
        FAKE_HS_URL: h.server.url,
        FAKE_HS_TOKEN: h.m.accessToken,
        BOT_DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    await new Promise<void>((ok, fail) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('started') && ok());
      child.once('exit', (code) => fail(new Error(`bot process exited with ${code}`)));
    });
    return child;
  }

  const savedToken = (dataDir: string): unknown =>
    (JSON.parse(readFileSync(join(dataDir, 'matrix', 'state.json'), 'utf8')) as { syncToken: unknown })
      .syncToken;

  it('neither skips nor re-answers the messages of a sync it was killed in', async () => {
    const room = h.m.createRoom({ members: [ALICE], botJoined: true });
    const dataDir = h.tempDir();
    const first = await startProcess(dataDir);
    await waitFor(
      () => h.server.requests.filter((r) => r.path.endsWith('/sync')).length >= 2,
      'first sync handled',
    );
    const tokenBefore = savedToken(dataDir);
    expect(tokenBefore).toBe(`s${h.m.position}`);

    // The second reply hangs; the bot dies while it waits for it.
    h.server.fail({ method: 'PUT', path: SEND, skip: 1, times: 1, hang: true });
    const index = h.m.sendAttempts.length;
    h.m.say(room, ALICE, '!instagram');
    h.m.say(room, ALICE, '!frist');
    h.m.say(room, ALICE, '!datenschutz');
    await waitFor(
      () => h.server.requests.filter((r) => r.method === 'PUT').length >= 2,
      'second reply under way',
    );
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(h.m.botMessages(room)).toHaveLength(1);
    expect(savedToken(dataDir)).toBe(tokenBefore);

    // A new client (here in the test process) with the same data directory.
    await h.startBot({ dataDir });
    await waitFor(() => h.m.botMessages(room).length === 3, 'all three answered');
    const answers = await h.barrier(room);
    expect(answers).toHaveLength(3);
    const topics = ['instagram', 'frist', 'datenschutz'];
    answers.forEach((a, i) =>
      expect(String(a.content.body).toLowerCase()).toMatch(
        new RegExp(topics[i] === 'frist' ? 'frist|stichtag' : topics[i]!),
      ),
    );
    // The first reply was sent again after the restart with the same transaction id, and deduplicated.
    const attempts = h.m.sendAttempts.slice(index);
    expect(attempts[0]!.txnId).toBe(attempts[1]!.txnId);
  }, 60_000); // starting a second Node process with tsx takes seconds, more on a busy machine
});
