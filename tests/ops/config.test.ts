import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const problemsOf = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('configuration was accepted');
};

describe('configuration', () => {
  it('needs nothing: every variable has a default', () => {
    const config = loadConfig({});
    expect(config.DATA_DIR).toBe('data');
    expect(config.TELEGRAM_API_ROOT).toBe('https://api.telegram.org');
    expect(config.TELEGRAM_RATE_PER_SECOND).toBe(30);
    expect(config.ADMIN_IDS).toEqual([]);
  });

  it('treats empty variables as unset, as in a copied .env.example', () => {
    expect(loadConfig({ TELEGRAM_API_ROOT: '', HTTP_PORT: '  ', MATRIX_E2EE: '' }).HTTP_PORT).toBeUndefined();
  });

  const wrong: [string, string, RegExp][] = [
    ['TELEGRAM_BOT_TOKEN', 'not-a-token', /must look like 123456789:AA/],
    ['TELEGRAM_API_ROOT', 'ftp://x', /must be an http:\/\/ or https:\/\/ URL/],
    ['TELEGRAM_WEBHOOK_URL', 'bot.example.org', /must be an http/],
    ['TELEGRAM_WEBHOOK_SECRET', 'has spaces in it', /may only contain/],
    ['TELEGRAM_RATE_PER_SECOND', 'fast', /must be a number/],
    ['TELEGRAM_RATE_PER_CHAT_SECONDS', '0', /must be greater than 0/],
    ['MATRIX_HOMESERVER_URL', 'matrix.org', /must be an http/],
    ['MATRIX_E2EE', 'maybe', /must be true or false/],
    ['MATRIX_RATE_PER_SECOND', '-1', /must be a number/],
    ['DATABASE_URL', 'mysql://x', /must be a postgres:\/\/ URL/],
    ['DATABASE_SCHEMA', 'Bad-Name', /must be a lower-case SQL identifier/],
    ['HTTP_PORT', '99999', /must be 1–65535/],
    ['HTTP_PORT', 'eighty', /must be a number/],
    ['LANGUAGES', 'de,xx', /unknown language "xx"/],
    ['LANGUAGES', 'en,tr', /must include the default language "de"/],
    ['LOG_LEVEL', 'loud', /must be one of/],
    ['LOG_FORMAT', 'xml', /must be json or pretty/],
    ['LOG_ID_SECRET', 'short', /at least 16 characters/],
    ['ADMIN_IDS', '12345', /entries must look like telegram:12345/],
  ];
  for (const [name, value, expected] of wrong) {
    it(`names ${name} when it is "${value}"`, () => {
      const message = problemsOf({ [name]: value });
      expect(message).toContain(`${name}: `);
      expect(message).toMatch(expected);
    });
  }

  it('names the missing partner of a Matrix variable', () => {
    expect(problemsOf({ MATRIX_HOMESERVER_URL: 'https://m.example.org' })).toMatch(
      /MATRIX_ACCESS_TOKEN: is required/,
    );
    expect(problemsOf({ MATRIX_ACCESS_TOKEN: 'syt_x' })).toMatch(/MATRIX_HOMESERVER_URL: is required/);
  });

  it('needs a token for webhook mode', () => {
    expect(problemsOf({ TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hook' })).toMatch(
      /TELEGRAM_BOT_TOKEN: is required/,
    );
  });
});
