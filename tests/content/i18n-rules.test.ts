/**
 * The language rules of content:check (src/content/i18n-check.ts), each shown failing on a fixture
 * (tests/fixtures/i18n-rules/bad/) and passing on the good folder: German app labels outside brackets,
 * informal Turkish and Ukrainian address, date lines; and the label table's own checks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkContentFolder } from '../../src/content/check.js';
import { ContentError } from '../../src/content/errors.js';
import { checkI18n } from '../../src/content/i18n-check.js';
import { LANGUAGES, type LanguageSpec, type Languages } from '../../src/content/languages.js';
import { loadContent } from '../../src/content/loader.js';
import { composedAnswers } from '../../src/engine/answer-measure.js';
import { I18N_ENV, I18N_LANGS, I18N_LANGUAGES, makeI18nFixture, type I18nFixture } from './i18n-fixture.js';

const NOW = new Date('2026-12-05T12:00:00Z');
let fixtures: I18nFixture[] = [];
afterEach(() => {
  for (const f of fixtures) f.cleanup();
  fixtures = [];
});
const fixture = (opts?: Parameters<typeof makeI18nFixture>[0]): I18nFixture => {
  const f = makeI18nFixture(opts);
  fixtures.push(f);
  return f;
};
const check = (f: I18nFixture) => checkContentFolder(f.dir, I18N_ENV, NOW, composedAnswers);

describe('content:check language rules', () => {
  it('pass on the good folder, and list the unconfirmed labels per language', () => {
    const result = check(fixture());
    expect(result.problems).toBe('');
    expect(result.ok).toBe(true);
    expect(result.output).toContain('language rules (labels, register, dates): 0 findings');
    expect(result.output).toContain('labels: 5 in labels.yaml; unconfirmed: de 0, en 3, ar 5, tr 5, uk 5');
    expect(result.output).toContain('unconfirmed in en: ig.about, meta.search_word, meta.ai_question');
  });

  it('labels: a Turkish topic quoting German labels outside brackets fails, naming them; inside brackets is fine', () => {
    const f = fixture();
    f.bad('german-label.tr.md.body', 'tr');
    const result = check(f);
    expect(result.ok).toBe(false);
    expect(result.problems).toContain(
      'error: topics/guide.tr.md: German app labels outside brackets: „Info“, „Datenschutzrichtlinie“;',
    );
    // The bracketed „Datenschutzrichtlinie“ of the last paragraph is counted once, for the step, not again.
    expect(result.problems.match(/„Datenschutzrichtlinie“/g)).toHaveLength(1);
  });

  it('register: informal Turkish (sen/senin/sana) and Ukrainian (ти/твій) fail, in topics and ui files', () => {
    const f = fixture();
    f.bad('informal.tr.md.body', 'tr');
    f.bad('informal.uk.md.body', 'uk');
    f.edit('ui.uk.yaml', (t) => t.replace(/^menu_button: .*$/m, 'menu_button: "Твоє меню для тебе"'));
    const result = check(f);
    expect(result.ok).toBe(false);
    expect(result.problems).toContain('error: topics/guide.tr.md: informal address (use "siz"): "sana", "senin"');
    expect(result.problems).toContain('error: topics/guide.uk.md: informal address (use "ви"): "ти", "твій"');
    expect(result.problems).toContain('error: ui.uk.yaml: informal address (use "ви"): "твоє", "тебе"');
  });

  it('dates: "Станом на:" (a colon after a preposition) fails', () => {
    const f = fixture();
    f.edit('ui.uk.yaml', (t) => t.replace(/^stand: .*$/m, 'stand: "Станом на"'));
    const result = check(f);
    expect(result.ok).toBe(false);
    expect(result.problems).toContain(
      'error: ui.uk.yaml: the "Stand" line "Станом на: 30 листопада 2026 р." has a colon after the preposition "станом на"',
    );
  });

  it('dates: the Ukrainian month after „від“ in the nominative fails (a registry without the genitive pattern)', () => {
    const f = fixture();
    const nominative: Languages = {
      ...I18N_LANGUAGES,
      list: I18N_LANGUAGES.list.map((l): LanguageSpec =>
        l.code === 'uk' ? { ...l, dates: { ...l.dates, stepsMonth: l.dates.sourceMonth } } : l,
      ),
    };
    const content = loadContent(f.dir, { languages: nominative });
    const messages = checkI18n(content, composedAnswers).findings.map((x) => `${x.file}: ${x.message}`);
    expect(messages).toContain(
      'ui.uk.yaml: the "Stand" line "Джерела перевірено: 30 листопада 2026 р. · Інструкція за джерелами від травень 2025" has "від травень": the month after „від“ needs the genitive',
    );
    expect(checkI18n(loadContent(f.dir, { languages: I18N_LANGUAGES }), composedAnswers).findings).toEqual([]);
    // Without the composer's Stand lines the date rules are not run (the content layer cannot render them).
    expect(checkI18n(content).findings).toEqual([]);
  });

  it('labels.yaml: an unknown id in a topic, a label confirmed without a source, a missing language', () => {
    const f = fixture();
    f.bad('unknown-label.uk.md.body', 'uk');
    f.edit('labels.yaml', (t) =>
      t
        .replace("en: { text: 'About', confirmed: false }", "en: { text: 'About', confirmed: true }")
        .replace("  ar: { text: 'Grok', confirmed: false }\n", ''),
    );
    let message = '';
    try {
      loadContent(f.dir, { languages: I18N_LANGUAGES });
    } catch (err) {
      expect(err).toBeInstanceOf(ContentError);
      message = (err as Error).message;
    }
    expect(message).toContain('labels.yaml: ig.about.en: is confirmed but names no "source"');
    expect(message).toContain('labels.yaml: x.grok: has no text for ar');
    const onlyUnknown = fixture();
    onlyUnknown.bad('unknown-label.uk.md.body', 'uk');
    expect(() => loadContent(onlyUnknown.dir, { languages: I18N_LANGUAGES })).toThrow(
      'topics/guide.uk.md: body: {{ig.no_such_label}} is not a label in labels.yaml',
    );
  });

  it('reviewed: only translations carry it; a German topic with it fails', () => {
    const f = fixture({ guideHeader: { de: 'reviewed: false\n' } });
    expect(() => loadContent(f.dir, { languages: I18N_LANGUAGES })).toThrow(
      'topics/guide.de.md: reviewed: is for translations only',
    );
  });

  it('the real registry covers every fixture language with quotation marks', () => {
    for (const code of I18N_LANGS) expect(LANGUAGES.find((l) => l.code === code)?.quotes).toHaveLength(2);
  });
});
