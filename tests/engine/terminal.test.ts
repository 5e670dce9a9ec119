import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runTerminalChat } from '../../adapters/terminal/terminal.js';
import { silentLogger } from '../../src/logger.js';
import { makeEngine } from '../helpers/engine.js';

async function chat(lines: string[], interactive = false): Promise<string> {
  const { engine } = makeEngine();
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const done = runTerminalChat(engine, { input, output, interactive, logger: silentLogger });
  input.end(lines.map((l) => `${l}\n`).join(''));
  await done;
  return out;
}

describe('the terminal chat', () => {
  it('answers piped lines in order and ends at end of input', async () => {
    const out = await chat(['/instagram', '/whatsapp']);
    const insta = out.indexOf('Instagram: ');
    const whatsapp = out.indexOf('WhatsApp: ');
    expect(insta).toBeGreaterThanOrEqual(0);
    expect(whatsapp).toBeGreaterThan(insta);
  });

  it('lets a numbered choice be picked by its number', async () => {
    const out = await chat(['/start', '1']);
    // The menu's first button is Instagram.
    expect(out).toMatch(/\[1\] \S* ?Instagram/);
    expect(out).toMatch(/Instagram: /);
  });

  it('treats a number without choices as a question', async () => {
    const out = await chat(['42']);
    expect(out).toMatch(/„42“/);
  });

  it('greets with the menu and shows a prompt when a person is at the terminal', async () => {
    const out = await chat([], true);
    expect(out).toContain('> ');
    expect(out).toMatch(/\[1\]/);
  });
});

describe('npm start without a token', () => {
  const run = (input: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      input,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      timeout: 20_000,
    });

  // Starts `npm start` as a process: generous time for a loaded machine.
  it('opens the terminal chat, answers piped input and exits cleanly', { timeout: 60_000 }, () => {
    const result = run('/instagram\n');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Instagram: /);
    expect(result.stdout).toMatch(/Stand: /);
    expect(result.stderr).toBe('');
  });

  // Starts `npm start` as a process: generous time for a loaded machine.
  it('stops with a message naming a wrong variable', { timeout: 60_000 }, () => {
    const result = run('', { LOG_LEVEL: 'loud' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/LOG_LEVEL: must be one of/);
  });

  // Starts `npm start` as a process: generous time for a loaded machine.
  it('stops with a message naming the file and field of broken content', { timeout: 60_000 }, () => {
    const result = run('', { CONTENT_DIR: 'tests/fixtures/broken-content' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/topics\/instagram\.de\.md: checked: must be a date written as YYYY-MM-DD/);
  });
});
