/**
 * In-app labels as data: a {{id}} reference shows the reader's label in the reader's quotation marks; while
 * the label is unconfirmed in that language, its first use is followed by the German label in brackets and
 * the answer carries one note right after the block of the last such use. German and plain German show the
 * German label only; a phrase (what to look for) is shown without quotation marks.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/loader.js';
import { plainInline, type Block } from '../../src/message/model.js';
import { realContent } from '../helpers/content.js';
import { I18N_LANGUAGES, makeI18nFixture } from '../content/i18n-fixture.js';

const f = makeI18nFixture();
afterAll(() => f.cleanup());
const content = loadContent(f.dir, { languages: I18N_LANGUAGES });
const blockText = (b: Block): string =>
  b.kind === 'list' ? b.items.map((i) => plainInline(i)).join('\n') : plainInline(b.content);
const guide = (lang: 'de' | 'en' | 'tr' | 'uk' | 'ar'): string[] =>
  content.topics.get('guide')!.text[lang].blocks.map(blockText);

describe('label references', () => {
  it('Ukrainian: the Ukrainian label in «…», the German one in brackets at its first use only, one note after the steps', () => {
    const [heading, steps, note, last, ...rest] = guide('uk');
    expect(heading).toBe('У застосунку');
    expect(steps).toBe(
      [
        'Прокрутіть у самий низ: «Інформація» („Info“) → «Політика конфіденційності» („Datenschutzrichtlinie“).',
        'Торкніться лупи, знайдіть розділ про право на заперечення („Widerspruch“).',
        '«Чи стосується ваш запит ШІ в Meta?» („Bezieht sich deine Anfrage auf KI bei Meta?“) → «Так». У X це «Grok».',
      ].join('\n'),
    );
    expect(last).toBe('Ще раз: «Політика конфіденційності». Докладніше: /rights.');
    expect(note).toBe(content.ui.uk.labels_unconfirmed);
    expect(rest).toEqual([]);
    expect(content.topics.get('guide')!.text.uk.labelsUnconfirmed).toEqual([
      'ig.about',
      'ig.privacy_policy',
      'meta.search_word',
      'meta.ai_question',
    ]);
  });

  it('Turkish uses “…”, Arabic «…»; a label the same as the German one ("Grok") gets no brackets', () => {
    expect(guide('tr')[1]).toContain('“Hakkında” („Info“) → “Gizlilik İlkesi” („Datenschutzrichtlinie“)');
    expect(guide('tr')[1]).toContain("X'te adı “Grok”.");
    expect(guide('ar')[1]).toContain('«حول» („Info“) ← «سياسة الخصوصية» („Datenschutzrichtlinie“)');
    expect(guide('ar')[1]).toContain('ابحث عن القسم الخاص بحق الاعتراض („Widerspruch“)');
    expect(guide('ar')).toContain(content.ui.ar.labels_unconfirmed);
  });

  it('English: a confirmed label has no German fallback, an unconfirmed one has', () => {
    const [, steps] = guide('en');
    expect(steps).toContain('“About” („Info“) → “Privacy Policy”.');
    expect(steps).not.toContain('Datenschutzrichtlinie');
    expect(guide('en')).toContain(content.ui.en.labels_unconfirmed);
  });

  it('German: the German label in „…“, no brackets, no note', () => {
    expect(guide('de')).toEqual([
      'In der App',
      [
        'Ganz nach unten scrollen: „Info“ → „Datenschutzrichtlinie“.',
        'Lupe antippen, „Widerspruch“ suchen.',
        '„Bezieht sich deine Anfrage auf KI bei Meta?“ → „Ja“. Bei X heißt es „Grok“.',
      ].join('\n'),
      'Noch einmal: „Datenschutzrichtlinie“. Mehr unter /rechte.',
    ]);
  });

  it('plain German uses the German labels, and every language of the real registry has its quotation marks', () => {
    const real = realContent();
    for (const spec of real.languages.list) expect(spec.quotes, spec.code).toHaveLength(2);
    expect(real.languages.list.find((l) => l.code === 'de-simple')?.labelsFrom).toBe('de');
    expect(real.labels?.get('ig.privacy_policy')?.byLang.uk?.text).toBe('Політика конфіденційності');
  });
});
