import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadContentStaleDays } from '../../src/config.js';
import { checkContentFolder } from '../../src/content/check.js';
import { loadContent } from '../../src/content/loader.js';
import { daysSince, staleTopics } from '../../src/content/staleness.js';
import type { Content } from '../../src/content/types.js';
import { Engine } from '../../src/engine/engine.js';
import { adminConversation, isoWeekOf, StaleContentNotice } from '../../src/features/admin.js';
import { registerPrivacy } from '../../src/features/privacy.js';
import { silentLogger } from '../../src/logger.js';
import { Metrics } from '../../src/ops/metrics.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { makeFixture, type TopicSpec, FIXTURE_LANGUAGES } from '../content/fixture.js';
import { plain } from '../helpers/engine.js';
import { VirtualTime } from '../helpers/virtual-time.js';
import { makeBed, type Bed } from '../scheduler/setup.js';
import { MemoryPreferenceStore } from '../helpers/fakes.js';

let cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

/** guide (both languages) checked on 2026-06-01; start and sources on 2026-11-29. */
const OLD_GUIDE: TopicSpec[] = [
  { id: 'guide', lang: 'de', checklist: true, checked: '2026-06-01' },
  { id: 'guide', lang: 'en', checklist: true, checked: '2026-06-01' },
];

function fixtureDir(topics: TopicSpec[] = OLD_GUIDE): string {
  const f = makeFixture(topics);
  cleanups.push(() => f.cleanup());
  return f.dir;
}
const fixture = (topics?: TopicSpec[]): Content =>
  loadContent(fixtureDir(topics), { languages: FIXTURE_LANGUAGES });

describe('the age of a topic', () => {
  it('is counted in whole days since "checked"; stale means older than the limit', () => {
    expect(daysSince('2026-11-29', new Date('2026-11-30T23:59:00Z'))).toBe(1);
    expect(daysSince('2026-06-01', new Date('2026-11-30T00:00:00Z'))).toBe(182);
    const content = fixture();
    const stale = staleTopics(content, new Date('2026-11-30T10:00:00Z'), 90);
    expect(stale.map((a) => [a.file, a.days])).toEqual([
      ['topics/guide.de.md', 182],
      ['topics/guide.en.md', 182],
    ]);
    expect(staleTopics(content, new Date('2026-11-30T10:00:00Z'), 182)).toEqual([]);
  });

  it('is exposed as a Prometheus gauge per topic and language', async () => {
    const store = new SqliteStore(':memory:');
    cleanups.push(() => store.close());
    const content = fixture();
    const metrics = new Metrics(store, {
      content: () => content,
      clock: new VirtualTime(new Date('2026-11-30T10:00:00Z')),
    });
    const text = await metrics.registry.getSingleMetricAsString('bot_content_age_days');
    expect(text).toContain('bot_content_age_days{topic="guide",lang="de"} 182');
    expect(text).toContain('bot_content_age_days{topic="start",lang="en"} 1');
  });
});

describe('npm run content:check', () => {
  const NOW = new Date('2026-11-30T10:00:00Z');

  it('warns about every stale topic, naming file and age, and still succeeds', () => {
    const result = checkContentFolder(fixtureDir(), { LANGUAGES: 'de,en' }, NOW);
    expect(result.ok).toBe(true);
    expect(result.problems.split('\n')).toEqual([
      'warning: topics/guide.de.md: checked: 2026-06-01 is 182 days ago, more than CONTENT_STALE_DAYS (90): compare the text with its sources again and update "checked"',
      expect.stringMatching(/^warning: topics\/guide\.en\.md: checked: 2026-06-01 is 182 days ago/),
    ]);
    expect(result.output).toMatch(/content OK: .*; 2 warnings$/);
  });

  it('takes the limit from CONTENT_STALE_DAYS and refuses a wrong value, naming the variable', () => {
    const dir = fixtureDir();
    expect(checkContentFolder(dir, { CONTENT_STALE_DAYS: '200', LANGUAGES: 'de,en' }, NOW).problems).toBe('');
    const wrong = checkContentFolder(dir, { CONTENT_STALE_DAYS: 'ninety', LANGUAGES: 'de,en' }, NOW);
    expect(wrong.ok).toBe(false);
    expect(wrong.problems).toContain('CONTENT_STALE_DAYS: must be a number');
  });

  it('runs as a command: warnings keep exit code 0', { timeout: 90_000 }, () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/content-check.ts', fixtureDir()], {
      env: { PATH: process.env.PATH ?? '', LANGUAGES: 'de,en' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^warning: topics\/guide\.de\.md: checked: 2026-06-01 is \d+ days ago/);
    expect(run.stdout).toMatch(/content OK: 3 topics .*; 2 warnings/);
  });
});

describe('the configuration', () => {
  it('validates CONTENT_STALE_DAYS (default 90)', () => {
    expect(loadConfig({}).CONTENT_STALE_DAYS).toBe(90);
    expect(loadConfig({ CONTENT_STALE_DAYS: '30' }).CONTENT_STALE_DAYS).toBe(30);
    expect(loadContentStaleDays({ CONTENT_STALE_DAYS: ' ' })).toBe(90);
    for (const value of ['0', '1.5', 'x'])
      expect(() => loadConfig({ CONTENT_STALE_DAYS: value })).toThrow(/CONTENT_STALE_DAYS: /);
    expect(() => loadContentStaleDays({ CONTENT_STALE_DAYS: '-3' })).toThrow(ConfigError);
  });

  it('requires OPERATOR_NAME and OPERATOR_CONTACT when a Telegram or Matrix bot runs, not in the terminal', () => {
    const token = '123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: token })).toThrow(
      /OPERATOR_NAME: is required[\s\S]*OPERATOR_CONTACT: is required/,
    );
    expect(() =>
      loadConfig({
        MATRIX_HOMESERVER_URL: 'https://m.example.org',
        MATRIX_ACCESS_TOKEN: 'syt_x',
        OPERATOR_NAME: 'Verein',
      }),
    ).toThrow(/OPERATOR_CONTACT: is required/);
    expect(
      loadConfig({ TELEGRAM_BOT_TOKEN: token, OPERATOR_NAME: 'Verein', OPERATOR_CONTACT: 'a@b.de' })
        .OPERATOR_NAME,
    ).toBe('Verein');
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: token, TERMINAL: 'true' }).TERMINAL).toBe(true);
    expect(loadConfig({}).OPERATOR_NAME).toBeUndefined();
  });

  it('/datenschutz in the terminal chat says it is a local test without an operator', async () => {
    const content = fixture();
    const engine = new Engine({ content, preferences: new MemoryPreferenceStore() });
    const store = new SqliteStore(':memory:');
    cleanups.push(() => store.close());
    registerPrivacy(engine, { store, operator: {}, local: true });
    const de = plain((await engine.handle({ conversation: 'terminal:local', text: '/datenschutz' }))[0]!);
    expect(de).toContain('Betrieben von: niemand, das ist ein lokaler Test ohne Betreiber, Kontakt: –');
    expect(de).not.toContain('nicht angegeben');
  });
});

describe('the weekly notice to admins', () => {
  async function bed(
    content: Content,
    start = '2026-11-30T07:00:00Z',
  ): Promise<Bed & { notice: StaleContentNotice }> {
    const b = await makeBed({ start, content });
    cleanups.push(() => b.dispose());
    const notice = new StaleContentNotice({
      store: b.store,
      admins: ['test:admin', 'matrix:@ops:example.org', 'test:second'],
      content: () => b.content,
      clock: b.vt,
      staleDays: 90,
      nudge: () => undefined,
      logger: silentLogger,
    });
    return Object.assign(b, { notice });
  }

  it('reaches admins by their chat (Telegram private chat = user id), not Matrix user ids', () => {
    expect(adminConversation('telegram:12345')).toBe('telegram:12345');
    expect(adminConversation('terminal:admin')).toBe('terminal:admin');
    expect(adminConversation('matrix:@ops:example.org')).toBeUndefined();
    expect(isoWeekOf(new Date('2026-11-30T07:00:00Z'))).toBe('2026-W49');
    expect(isoWeekOf(new Date('2026-11-29T23:30:00Z'))).toBe('2026-W49'); // Monday 00:30 in Berlin
  });

  it('lists the stale topics once per ISO week through the outbox, and again the next week', async () => {
    const b = await bed(fixture());
    await b.store.setLanguage('test:second', 'en');
    expect(await b.notice.run()).toBe(2);
    expect(await b.notice.run()).toBe(0); // same week: the key exists
    b.vt.set('2026-12-03T12:00:00Z');
    expect(await b.notice.run()).toBe(0);
    await b.runUntil('2026-12-03T13:00:00Z');
    const [de] = b.sender.to('test:admin');
    expect(b.sender.to('test:admin')).toHaveLength(1);
    expect(de!.key).toBe('stale:2026-W49:test:admin');
    expect(de!.text).toContain('Inhalte prüfen');
    expect(de!.text).toContain('topics/guide.de.md: geprüft am 1. Juni 2026, vor 182 Tagen');
    expect(de!.text).toContain('mehr als 90 Tagen');
    expect(de!.text).not.toContain('Mitteilung');
    const [en] = b.sender.to('test:second');
    expect(en!.text).toContain('topics/guide.en.md: checked on 1 June 2026, 182 days ago');

    b.vt.set('2026-12-07T09:00:00Z'); // Monday of the next week
    expect(await b.notice.run()).toBe(2);
    await b.runUntil('2026-12-07T10:00:00Z');
    expect(b.sender.to('test:admin').map((m) => m.key)).toEqual([
      'stale:2026-W49:test:admin',
      'stale:2026-W50:test:admin',
    ]);
  });

  it('sends nothing when no topic is stale', async () => {
    const b = await bed(fixture([]));
    expect(await b.notice.run()).toBe(0);
    await b.runUntil('2026-12-01T12:00:00Z');
    expect(b.sender.sent).toEqual([]);
    expect(await b.store.getSettings('test:admin')).toBeUndefined();
  });
});
