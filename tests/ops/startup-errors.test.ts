/**
 * Bad set-ups end start-up with one line on stderr (the variable, what is wrong, what to do), exit code 1 and
 * no stack trace, at the default log level. Each case starts the real entry point as a process.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/net.js';

const dirs: string[] = [];
const frozen: string[] = [];
afterEach(() => {
  for (const d of frozen.splice(0)) spawnSync('chattr', ['-i', d]);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'startup-'));
  dirs.push(dir);
  return dir;
}

function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TELEGRAM_BOT_TOKEN: '123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      // Nothing may reach Telegram: every case must stop before the adapters start.
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9',
      OPERATOR_NAME: 'Test operator',
      OPERATOR_CONTACT: 'ops@example.org',
      DATA_DIR: scratch(),
      ...env,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const lines = result.stderr.split('\n').filter(Boolean);
  return { status: result.status, lines, stdout: result.stdout, stderr: result.stderr };
}

function expectOneLine(r: ReturnType<typeof start>, pattern: RegExp): void {
  expect(r.lines, r.stderr + r.stdout).toHaveLength(1);
  expect(r.lines[0]).toMatch(pattern);
  expect(r.status).toBe(1);
  // No stack trace anywhere, and nothing else logged at the default level.
  expect(r.stderr + r.stdout).not.toMatch(/\n\s+at |"stack"/);
}

/** A directory the bot may not write to, also for root (who ignores modes): immutable where chattr works. */
function readOnlyDir(): string {
  const dir = join(scratch(), 'locked');
  mkdirSync(dir);
  if (process.getuid?.() === 0) {
    const r = spawnSync('chattr', ['+i', dir]);
    if (r.status !== 0) return '';
    frozen.push(dir);
  } else chmodSync(dir, 0o555);
  return dir;
}

describe('bad set-ups', { timeout: 60_000 }, () => {
  it('DATA_DIR that is a file', () => {
    const file = join(scratch(), 'not-a-dir');
    writeFileSync(file, 'x');
    expectOneLine(
      start({ DATA_DIR: file }),
      new RegExp(
        `^DATA_DIR=${file}: is a file, not a directory; set DATA_DIR to a directory the bot may write to`,
      ),
    );
  });

  it('DATA_DIR below a file', () => {
    const file = join(scratch(), 'not-a-dir');
    writeFileSync(file, 'x');
    expectOneLine(
      start({ DATA_DIR: join(file, 'data') }),
      /^DATA_DIR=.*: a part of the path is a file, not a directory; set DATA_DIR/,
    );
  });

  it('DATA_DIR the bot may not write to', (ctx) => {
    const dir = readOnlyDir();
    if (!dir) return ctx.skip('chattr +i is not available to root here');
    expectOneLine(
      start({ DATA_DIR: dir }),
      /^DATA_DIR=.*locked: the bot may not write to it \(no permission\); give the bot's user write access/,
    );
  });

  it('DATABASE_URL where nothing answers', async () => {
    const port = await freePort();
    expectOneLine(
      start({ DATABASE_URL: `postgres://bot:secret-password@127.0.0.1:${port}/bot` }),
      new RegExp(
        `^DATABASE_URL \\(postgres://bot@127\\.0\\.0\\.1:${port}/bot\\): nothing accepts connections at 127\\.0\\.0\\.1:${port}; start PostgreSQL there, or correct host and port in DATABASE_URL$`,
      ),
    );
  });

  it('DATABASE_URL naming a database that does not exist', () => {
    const r = start({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/no_such_database_i22' });
    expectOneLine(r, /^DATABASE_URL \(.*\): the database no_such_database_i22 does not exist; create it/);
  });

  it('CONTENT_DIR without content', () => {
    const empty = scratch();
    expectOneLine(
      start({ CONTENT_DIR: empty }),
      /^CONTENT_DIR=.*: holds no bot content \(missing: topics, ui\.de\.yaml, deadlines\.yaml\); point CONTENT_DIR at the bot's content folder/,
    );
    expectOneLine(
      start({ CONTENT_DIR: join(empty, 'nope') }),
      /^CONTENT_DIR=.*nope: does not exist; point CONTENT_DIR/,
    );
  });

  it('never shows the password of DATABASE_URL', async () => {
    const port = await freePort();
    const r = start({ DATABASE_URL: `postgres://bot:secret-password@127.0.0.1:${port}/bot` });
    expect(r.lines).toHaveLength(1);
    expect(r.stderr + r.stdout).not.toContain('secret-password');
  });
});
