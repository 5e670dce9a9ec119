/**
 * A small, self-contained content folder for rule tests: start, sources and one step-by-step guide in
 * both languages, a deadline, and the real interface texts. Each test changes what it needs.
 */
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectLanguages } from '../../src/content/languages.js';
import { CONTENT_DIR } from '../helpers/content.js';

/** Fixture folders hold German and English only; load them with this (as LANGUAGES=de,en would). */
export const FIXTURE_LANGUAGES = selectLanguages(['de', 'en']);

export interface TopicSpec {
  id: string;
  lang: 'de' | 'en';
  /** Extra header lines (YAML), e.g. "steps_as_of: 2025-05". */
  header?: string;
  /** The sources block (YAML list items, indented by two). */
  sources?: string;
  related?: string;
  checklist?: boolean;
  checked?: string;
  body?: string;
}

const URL_SOURCE = `  - title: "Ein Titel"
    publisher: Verlag
    date: 2025-05-20
    url: https://example.org/a`;

function topicFile(spec: TopicSpec): string {
  return `---
id: ${spec.id}
title: "${spec.id} title ${spec.lang}"
summary: "${spec.id} summary"
button: "${spec.id === 'start' ? 'Home' : spec.id === 'sources' ? 'Sources' : spec.id}"
commands: [${spec.id === 'start' ? 'start' : spec.id === 'sources' ? '' : `${spec.id}${spec.lang === 'en' ? '_en' : ''}`}]
keywords: [${spec.id}${spec.lang}]
related: ${spec.related ?? '[]'}
checked: ${spec.checked ?? '2026-11-29'}
checklist: ${spec.checklist ?? false}
${spec.header ?? ''}
sources:
${spec.sources ?? URL_SOURCE}
---
${spec.body ?? `Text of ${spec.id} in ${spec.lang}.`}
`;
}

const DEADLINES = `checked: 2026-12-01
deadlines:
- id: past-day
  at: "2025-05-27"
  timezone: Europe/Berlin
  topics: [guide]
  title: { de: "Tag-Frist", en: "Day deadline" }
  text: { de: "Text.", en: "Text." }
- id: past-time
  at: "2025-11-03T12:30"
  timezone: Europe/Berlin
  topics: [guide]
  title: { de: "Zeit-Frist", en: "Time deadline" }
  text: { de: "Text.", en: "Text." }
`;

/** Writes the folder; `topics` replaces the default topic of the same id and language. */
export function makeFixture(
  topics: TopicSpec[] = [],
  deadlines = DEADLINES,
): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'content-rules-'));
  mkdirSync(join(dir, 'topics'));
  for (const lang of ['de', 'en'] as const) {
    cpSync(join(CONTENT_DIR, `ui.${lang}.yaml`), join(dir, `ui.${lang}.yaml`));
    const defaults: TopicSpec[] = [
      { id: 'start', lang, related: '[guide, sources, start]' },
      { id: 'sources', lang, related: '[guide, start]' },
      { id: 'guide', lang, checklist: true, related: '[sources, start, guide]' },
    ];
    for (const spec of defaults) {
      const override = topics.find((t) => t.id === spec.id && t.lang === lang);
      writeFileSync(join(dir, 'topics', `${spec.id}.${lang}.md`), topicFile({ ...spec, ...override }));
    }
    for (const spec of topics.filter((t) => t.lang === lang && !defaults.some((d) => d.id === t.id)))
      writeFileSync(join(dir, 'topics', `${spec.id}.${lang}.md`), topicFile(spec));
  }
  writeFileSync(join(dir, 'deadlines.yaml'), deadlines);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
