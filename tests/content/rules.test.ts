import { afterEach, describe, expect, it } from 'vitest';
import { ContentError } from '../../src/content/errors.js';
import { MAX_CHECKLIST_BODY_CHARS } from '../../src/content/limits.js';
import { loadContent } from '../../src/content/loader.js';
import type { Content } from '../../src/content/types.js';
import { composeDelivery } from '../../src/engine/reminder-message.js';
import { reminderDueAt } from '../../src/scheduler/timing.js';
import type { Delivery } from '../../src/ports/store.js';
import { makeEngine, plain } from '../helpers/engine.js';
import { makeFixture, type TopicSpec, FIXTURE_LANGUAGES } from './fixture.js';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function load(topics: TopicSpec[] = [], deadlines?: string): Content {
  const f = makeFixture(topics, deadlines);
  cleanups.push(() => f.cleanup());
  return loadContent(f.dir, { languages: FIXTURE_LANGUAGES });
}

function problems(topics: TopicSpec[], deadlines?: string): string {
  try {
    load(topics, deadlines);
  } catch (err) {
    expect(err).toBeInstanceOf(ContentError);
    return (err as Error).message;
  }
  throw new Error('the content loaded, but a problem was expected');
}

const both = (spec: Omit<TopicSpec, 'lang'>): TopicSpec[] => [
  { ...spec, lang: 'de' },
  { ...spec, lang: 'en' },
];

describe('sources without an address', () => {
  const noUrl = `  - title: "Ein Artikel ohne Adresse"
    publisher: Zeitung
    date: 2025-05`;

  it('are refused, naming the file, the source index and its title', () => {
    const message = problems([{ id: 'guide', lang: 'de', checklist: true, sources: `${noUrl}\n` }]);
    expect(message).toContain('topics/guide.de.md: sources[0]: "Ein Artikel ohne Adresse" has no "url"');
    expect(message).toContain('offline');
  });

  it('are accepted with a reason in "offline" and shown by title, publisher and date without a link', async () => {
    const sources = `${noUrl}\n    offline: "Printausgabe"`;
    const content = load(both({ id: 'guide', checklist: true, sources }));
    const { engine } = makeEngine({ content });
    const answer = (await engine.handle({ conversation: 't:1', text: '/guide' }))[0]!;
    const footer = JSON.stringify(answer.blocks.at(-2));
    expect(footer).toContain('Zeitung, Mai 2025');
    expect(footer).not.toContain('"link"');
    const list = (await engine.handle({ conversation: 't:1', text: '/quellen guide' }))[0]!;
    expect(plain(list)).toContain('Ein Artikel ohne Adresse – Zeitung, Mai 2025 (Printausgabe)');
    expect(JSON.stringify(list.blocks)).not.toContain('"link"');
  });

  it('refuse an empty reason and a reason beside an address', () => {
    expect(problems([{ id: 'guide', lang: 'en', sources: `${noUrl}\n    offline: ""` }])).toMatch(
      /topics\/guide\.en\.md: sources\[0\]\.offline: must not be empty/,
    );
    const bothFields = `${noUrl}\n    url: https://example.org/x\n    offline: "print"`;
    expect(problems([{ id: 'guide', lang: 'en', sources: bothFields }])).toMatch(
      /sources\[0\]: "Ein Artikel ohne Adresse" has both "url" and "offline"/,
    );
  });
});

describe('the Stand line', () => {
  it('names the month the steps come from when the topic has steps_as_of, in both languages', async () => {
    const content = load(both({ id: 'guide', checklist: true, header: 'steps_as_of: 2025-05', checked: '2026-11-30' }));
    const { engine } = makeEngine({ content });
    const de = plain((await engine.handle({ conversation: 't:1', text: '/guide' }))[0]!);
    expect(de).toContain('Stand: Quellen geprüft am 30. November 2026 · Anleitung nach Quellen von Mai 2025');
    const en = plain(engine.topicReply('guide', 'en'));
    expect(en).toContain('Checked: sources reviewed on 30 November 2026 · steps based on sources from May 2025');
    const sources = plain((await engine.handle({ conversation: 't:1', text: '/quellen guide' }))[0]!);
    expect(sources).toContain('Anleitung nach Quellen von Mai 2025');
  });

  it('stays as before without steps_as_of', () => {
    const { engine } = makeEngine({ content: load() });
    expect(plain(engine.topicReply('guide', 'de'))).toContain('Stand: 29. November 2026 · Quellen:');
    expect(plain(engine.topicReply('guide', 'de'))).not.toContain('Anleitung nach');
  });

  it('refuses a wrong month, a month after "checked", and different months in the two languages', () => {
    expect(problems([{ id: 'guide', lang: 'de', header: 'steps_as_of: 2025-13' }])).toMatch(
      /topics\/guide\.de\.md: steps_as_of: must be a month written as YYYY-MM/,
    );
    expect(problems([{ id: 'guide', lang: 'de', header: 'steps_as_of: "2027-01"' }])).toMatch(
      /steps_as_of: 2027-01 is after "checked"/,
    );
    expect(problems([{ id: 'guide', lang: 'de', header: 'steps_as_of: 2025-05' }])).toMatch(
      /topics\/guide\.en\.md: steps_as_of: differs between the languages \(de: 2025-05, en: not set\)/,
    );
  });
});

describe('the length of a topic text', () => {
  const words = (n: number) => 'Wort '.repeat(Math.ceil(n / 5)).slice(0, n).trim();

  it('is an error above 1,800 characters for a step-by-step guide, naming file and excess', () => {
    const message = problems([{ id: 'guide', lang: 'de', checklist: true, body: words(1900) }]);
    expect(message).toMatch(
      new RegExp(`topics/guide\\.de\\.md: body: the text is \\d+ characters; a step-by-step guide \\(checklist: true\\) may have at most ${MAX_CHECKLIST_BODY_CHARS}`),
    );
  });

  it('lets a guide of 1,800 characters pass', () => {
    const content = load(both({ id: 'guide', checklist: true, body: words(1790) }));
    expect(content.warnings).toEqual([]);
  });

  it('is only a warning above about 2,500 characters for other topics', () => {
    const content = load(both({ id: 'sources', body: words(2600), related: '[guide]' }));
    expect(content.warnings).toHaveLength(2);
    expect(content.warnings![0]).toMatchObject({ file: 'topics/sources.de.md', field: 'body' });
    expect(content.warnings![0]!.message).toMatch(/keep it under about 2500/);
  });
});

describe('date-only deadlines', () => {
  it('are shown as a day, without a time; date-time deadlines keep their time', async () => {
    const content = load();
    const { engine } = makeEngine({ content, now: new Date('2026-11-30T10:00:00Z') });
    const de = plain((await engine.handle({ conversation: 't:1', text: '/frist' }))[0]!);
    expect(de).toMatch(/27\. Mai 2025: Tag-Frist/);
    expect(de).not.toMatch(/27\. Mai 2025, 00:00/);
    expect(de).toMatch(/3\. November 2025, 12:30 Uhr: Zeit-Frist/);
  });

  it('start at 00:00 local, so reminders still come at 10:00 local on the days before', () => {
    const day = load().deadlines.find((d) => d.id === 'past-day')!;
    expect(day.at.toISOString()).toBe('2025-05-26T22:00:00.000Z');
    expect(day.day).toBe('2025-05-27');
    expect(reminderDueAt(day.at, 1, 'Europe/Berlin').toISOString()).toBe('2025-05-26T08:00:00.000Z');
  });

  it('show the day in reminders, whatever the subscriber time zone', () => {
    const content = load([], DEADLINE_FUTURE);
    const delivery = { kind: 'deadline', ref: 'future-day' } as Delivery;
    const reply = composeDelivery(content, delivery, 'de', 'America/New_York', new Date('2027-01-10T12:00:00Z'))!;
    expect(plain(reply)).toContain('20. Januar 2027');
    expect(plain(reply)).not.toContain('Uhr');
  });

  it('refuse a day that does not exist', () => {
    expect(problems([], DEADLINE_FUTURE.replace('2027-01-20', '2027-02-30'))).toMatch(
      /deadlines\.yaml: deadlines\[0\]\.at: "2027-02-30" is not a real date/,
    );
  });
});

const DEADLINE_FUTURE = `checked: 2026-12-01
deadlines:
- id: future-day
  at: "2027-01-20"
  timezone: Europe/Berlin
  topics: [guide]
  title: { de: "Künftige Frist", en: "Future deadline" }
  text: { de: "Text.", en: "Text." }
`;
