/** WEB_BASE_URL and the bots' addresses: validated, and a wrong value stops the build naming the variable. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
    return '';
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
}

describe('WEB_BASE_URL', () => {
  it('takes an https:// address and drops a trailing slash', () => {
    expect(loadConfig({ WEB_BASE_URL: 'https://guide.example.org/' }).WEB_BASE_URL).toBe(
      'https://guide.example.org',
    );
    expect(loadConfig({ WEB_BASE_URL: 'https://example.org/ki/' }).WEB_BASE_URL).toBe(
      'https://example.org/ki',
    );
    expect(loadConfig({ WEB_BASE_URL: '' }).WEB_BASE_URL).toBeUndefined();
  });

  it.each([
    'http://guide.example.org',
    'guide.example.org',
    'https://x.org/?a=1',
    'https://x.org/#top',
    'javascript:alert(1)',
    'https://x.org/a b',
  ])('refuses %s, naming the variable', (value) => {
    expect(problems({ WEB_BASE_URL: value })).toMatch(/WEB_BASE_URL: must be an https:\/\/ address/);
  });

  it('checks the bot addresses shown on the pages', () => {
    expect(loadConfig({ TELEGRAM_BOT_USERNAME: '@KiBot_bot' }).TELEGRAM_BOT_USERNAME).toBe('KiBot_bot');
    expect(problems({ TELEGRAM_BOT_USERNAME: 'no spaces' })).toMatch(/TELEGRAM_BOT_USERNAME/);
    expect(loadConfig({ MATRIX_BOT_USER_ID: '@bot:example.org' }).MATRIX_BOT_USER_ID).toBe(
      '@bot:example.org',
    );
    expect(problems({ MATRIX_BOT_USER_ID: 'bot@example.org' })).toMatch(/MATRIX_BOT_USER_ID/);
  });
});

// Each run starts Node with tsx on the whole tree: slow on a busy machine, hence the long time limits.
describe('npm run build:web', { timeout: 120_000 }, () => {
  const run = (env: Record<string, string>, out: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/build-web.ts', out], {
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
    });

  it('stops on a wrong or missing WEB_BASE_URL with a message naming it, and writes nothing', () => {
    const out = join(tmpdir(), `web-none-${process.pid}`);
    for (const env of [{ WEB_BASE_URL: 'http://guide.example.org' }, {}]) {
      const result = run(env, out);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('WEB_BASE_URL:');
      expect(existsSync(out)).toBe(false);
    }
  });

  it('writes the site with absolute addresses from WEB_BASE_URL', () => {
    const out = mkdtempSync(join(tmpdir(), 'web-'));
    try {
      const result = run({ WEB_BASE_URL: 'https://guide.example.org' }, out);
      expect(result.status, result.stderr).toBe(0);
      const page = readFileSync(join(out, 'en/instagram/index.html'), 'utf8');
      expect(page).toContain('<link rel="canonical" href="https://guide.example.org/en/instagram/">');
      expect(existsSync(join(out, 'en/instagram/qr.svg'))).toBe(true);
      expect(readFileSync(join(out, 'sitemap.xml'), 'utf8')).toContain('https://guide.example.org/de/</loc>');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
