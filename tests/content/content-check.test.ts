import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runContentCheck } from '../../src/cli/run-content-check.js';
import { CONTENT_DIR } from '../helpers/content.js';
import { makeFixture } from './fixture.js';

const NOW = new Date('2026-12-05T10:00:00Z');
const FIXTURES = resolve('tests/fixtures/content-check');

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

/** The valid base folder with one fixture case laid over it, checked as `npm run content:check` does. */
function check(fixture?: string) {
  const base = makeFixture();
  cleanup = () => base.cleanup();
  if (fixture) cpSync(join(FIXTURES, fixture), base.dir, { recursive: true });
  return runContentCheck(base.dir, { LANGUAGES: 'de,en' }, NOW);
}

describe('npm run content:check', () => {
  it('passes the valid base folder, so each case below fails for its own reason', () => {
    const result = check();
    expect(result.problems).toBe('');
    expect(result.ok).toBe(true);
  });

  it('fails a topic with numbered steps but no steps_as_of, naming file and field', () => {
    const result = check('steps-without-as-of');
    expect(result.ok).toBe(false);
    expect(result.problems).toMatch(/topics\/guide\.de\.md: steps_as_of: is missing: the text has numbered steps/);
  });

  it('fails a steps_as_of later than the newest source', () => {
    const result = check('steps-after-source');
    expect(result.ok).toBe(false);
    expect(result.problems).toMatch(
      /topics\/guide\.de\.md: steps_as_of: 2025-08 is later than the newest source \(2025-05\)/,
    );
  });

  it('fails a deadlines.yaml without the date /frist shows', () => {
    const result = check('deadlines-without-checked');
    expect(result.ok).toBe(false);
    expect(result.problems).toMatch(/deadlines\.yaml: checked: is missing/);
  });

  it('fails /instagram over the phone budget, with its figures and both limits', () => {
    const result = check('over-phone-budget');
    expect(result.output).toMatch(/instagram: de \d+ chars, \d+ lines, step 1 on line \d+/);
    expect(result.ok).toBe(false);
    expect(result.problems).toMatch(
      /error: topics\/instagram\.de\.md: phone budget: \d+ characters as a Telegram user sees them .*at most 1600/,
    );
    expect(result.problems).toMatch(
      /error: topics\/instagram\.en\.md: phone budget: step 1 starts on line \d+; it must start by line 8 \(lines as on a phone: about 38 characters each/,
    );
  });

  it('passes the shipped content and prints the phone figures of /instagram and /facebook', () => {
    const result = runContentCheck(CONTENT_DIR, {}, NOW);
    expect(result.output).toMatch(/instagram: de \d+ chars/);
    expect(result.output).toMatch(/facebook: de \d+ chars/);
    expect(result.problems).not.toMatch(/^error:/m);
    expect(result.ok).toBe(true);
  });
});
