/** Test helpers: the real content, throw-away copies of it to break on purpose, and content with extra deadlines. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LANGUAGES } from '../../src/content/languages.js';
import { loadContent } from '../../src/content/loader.js';
import type { Content, Lang, UiKey } from '../../src/content/types.js';
import { uiInline } from '../../src/engine/compose.js';
import { plainInline } from '../../src/message/model.js';

export const CONTENT_DIR = resolve('content');

let cached: Content | undefined;
export function realContent(): Content {
  cached ??= loadContent(CONTENT_DIR);
  return cached;
}

/** A copy of content/ in a temp dir; `edit` changes one file. Call `cleanup` when done. */
export function contentCopy(): {
  dir: string;
  edit(file: string, change: (text: string) => string): void;
  write(file: string, text: string): void;
  cleanup(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'content-'));
  cpSync(CONTENT_DIR, dir, { recursive: true });
  return {
    dir,
    edit(file, change) {
      const path = join(dir, file);
      writeFileSync(path, change(readFileSync(path, 'utf8')));
    },
    write(file, text) {
      writeFileSync(join(dir, file), text);
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A deadline far enough ahead for reminder tests (the scheduler beds start on 2027-01-01). */
/** Every registered language beyond de and en needs its entry too; the English text stands in for it. */
const others = (text: string): string =>
  LANGUAGES.filter((l) => l.code !== 'de' && l.code !== 'en')
    .map((l) => `, ${l.code}: "${text}"`)
    .join('');

export const FUTURE_DEADLINE = `
- id: test-frist
  at: "2027-01-20T23:59"
  timezone: Europe/Berlin
  topics: [instagram, facebook]
  remind_days_before: [7, 1, 0]
  title: { de: "Test-Frist", en: "Test deadline"${others('Test deadline')} }
  text: { de: "Bis dahin widersprechen.", en: "Object by then."${others('Object by then.')} }
`;

/** The real content with `extraDeadlines` (YAML list items) appended to deadlines.yaml. */
export function contentWith(extraDeadlines: string): Content {
  const copy = contentCopy();
  try {
    copy.edit('deadlines.yaml', (s) => `${s}\n${extraDeadlines}`);
    return loadContent(copy.dir);
  } finally {
    copy.cleanup();
  }
}

/** An interface string (content/ui.*.yaml) as a reader sees it: Markdown removed, {placeholders} filled. */
export const uiPlain = (
  content: Content,
  lang: Lang,
  key: UiKey,
  values: Record<string, string> = {},
): string => plainInline(uiInline(content, lang, key, values));
