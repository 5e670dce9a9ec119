import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/loader.js';
import { CONTENT_DIR } from '../helpers/content.js';
import { ruleViolations } from './every-topic.js';
import { makeFixture, FIXTURE_LANGUAGES } from './fixture.js';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

describe('every topic, rendered in every language', () => {
  it('of a fixture: fits Telegram, keeps the text limits and shows no two buttons to one place', async () => {
    const f = makeFixture();
    cleanups.push(() => f.cleanup());
    expect(await ruleViolations(loadContent(f.dir, { languages: FIXTURE_LANGUAGES }))).toEqual([]);
  });

  it('of a fixture: the check catches a too long guide (sanity check of the check)', async () => {
    const f = makeFixture();
    cleanups.push(() => f.cleanup());
    const content = loadContent(f.dir, { languages: FIXTURE_LANGUAGES });
    const guide = content.topics.get('guide')!;
    const long = { kind: 'paragraph' as const, content: [{ kind: 'text' as const, text: 'x'.repeat(1900) }] };
    const topics = new Map(content.topics);
    topics.set('guide', { ...guide, text: { ...guide.text, de: { ...guide.text.de, blocks: [long] } } });
    expect(await ruleViolations({ ...content, topics })).toEqual([
      expect.stringMatching(/topics\/guide\.de\.md: text is 1902 characters \(at most 1800, checklist\)/),
    ]);
  });

  it('of the real content: fits Telegram, keeps the text limits and shows no two buttons to one place', async () => {
    expect(await ruleViolations(loadContent(CONTENT_DIR))).toEqual([]);
  });
});
