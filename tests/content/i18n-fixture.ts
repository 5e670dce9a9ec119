/**
 * A content folder in five languages (de, en, tr, uk, ar) for the language rules of content:check: a
 * step-by-step guide that names its in-app labels by id (tests/fixtures/i18n-rules/), start and sources, and
 * interface texts (the real ones; Turkish and Ukrainian get the English texts except their date
 * lines, so the register rule sees only what a test puts there). `bad` replaces one guide file with a fixture
 * that breaks a rule.
 */
import { copyFileSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { selectLanguages } from '../../src/content/languages.js';
import { CONTENT_DIR } from '../helpers/content.js';

export const I18N_LANGS = ['de', 'en', 'tr', 'uk', 'ar'] as const;
export const I18N_LANGUAGES = selectLanguages([...I18N_LANGS]);
/** What content:check needs in its environment to load these languages. */
export const I18N_ENV = { LANGUAGES: I18N_LANGS.join(',') };

const FIXTURES = resolve('tests/fixtures/i18n-rules');

const TITLES: Record<string, [string, string, string]> = {
  de: ['Anleitung', 'Menü', 'Quellen'],
  en: ['Guide', 'Menu', 'Sources'],
  tr: ['Rehber', 'Menü', 'Kaynaklar'],
  uk: ['Порадник', 'Меню', 'Джерела'],
  ar: ['دليل', 'القائمة', 'المصادر'],
};

function topic(id: string, lang: string, title: string, body: string, extra = ''): string {
  const command = id === 'guide' ? (lang === 'de' ? 'guide' : `guide_${lang}`) : id === 'start' && lang === 'de' ? 'start' : '';
  return `---
id: ${id}
title: "${title}"
summary: "${title}"
button: "${title}"
commands: [${command}]
keywords: [${id}${lang}]
related: ${id === 'start' ? '[guide, sources]' : '[start]'}
checked: 2026-11-30
checklist: ${id === 'guide'}
${id === 'guide' ? 'steps_as_of: 2025-05\n' : ''}${extra}sources:
  - title: "Ein Titel"
    publisher: Verlag
    date: 2025-05-20
    url: https://example.org/a
---
${body}`;
}

const UI_NEUTRAL: Record<string, { stand: string; stand_steps: string }> = {
  tr: {
    stand: 'Son kontrol',
    stand_steps: 'Kaynaklar {date} tarihinde kontrol edildi · Adımlar {month} tarihli kaynaklara göre',
  },
  uk: {
    stand: 'Станом на {date}',
    stand_steps: 'Джерела перевірено: {date} · Інструкція за джерелами від {month}',
  },
};

export interface I18nFixture {
  readonly dir: string;
  /** Replaces topics/guide.<lang>.md's body with a fixture from tests/fixtures/i18n-rules/bad/. */
  bad(fixture: string, lang: string): void;
  /** Rewrites a file of the folder. */
  edit(file: string, change: (text: string) => string): void;
  cleanup(): void;
}

export function makeI18nFixture(opts: { guideHeader?: Partial<Record<string, string>> } = {}): I18nFixture {
  const dir = mkdtempSync(join(tmpdir(), 'content-i18n-'));
  mkdirSync(join(dir, 'topics'));
  copyFileSync(join(FIXTURES, 'labels.yaml'), join(dir, 'labels.yaml'));
  writeFileSync(join(dir, 'deadlines.yaml'), 'checked: 2026-11-30\ndeadlines: []\n');
  for (const lang of I18N_LANGS) {
    const [guide, menu, sources] = TITLES[lang]!;
    const body = readFileSync(join(FIXTURES, 'topics', `guide.${lang}.md.body`), 'utf8');
    writeFileSync(join(dir, 'topics', `guide.${lang}.md`), topic('guide', lang, guide, body, opts.guideHeader?.[lang] ?? ''));
    writeFileSync(join(dir, 'topics', `start.${lang}.md`), topic('start', lang, menu, `${menu}.\n`));
    writeFileSync(join(dir, 'topics', `sources.${lang}.md`), topic('sources', lang, sources, `${sources}.\n`));
    const neutral = UI_NEUTRAL[lang];
    if (!neutral) copyFileSync(join(CONTENT_DIR, `ui.${lang}.yaml`), join(dir, `ui.${lang}.yaml`));
    else {
      const de = readFileSync(join(CONTENT_DIR, 'ui.en.yaml'), 'utf8')
        .replace(/^stand: .*$/m, `stand: ${JSON.stringify(neutral.stand)}`)
        .replace(/^stand_steps: .*$/m, `stand_steps: ${JSON.stringify(neutral.stand_steps)}`);
      writeFileSync(join(dir, `ui.${lang}.yaml`), de);
    }
  }
  const edit = (file: string, change: (text: string) => string): void =>
    writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));
  return {
    dir,
    bad(fixture, lang) {
      const body = readFileSync(join(FIXTURES, 'bad', fixture), 'utf8');
      edit(`topics/guide.${lang}.md`, (text) => text.replace(/\n---\n[\s\S]*$/, `\n---\n${body}`));
    },
    edit,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
