/**
 * Dates through each language's own formats, in the grammatical case the sentence needs: the "Stand" line
 * with and without the month of the steps' sources, a source's month standing alone, a day, an instant.
 */
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/content/languages.js';
import { standText } from '../../src/engine/compose.js';
import { formatDay, formatInstant, formatSourceDate, formatStepsMonth } from '../../src/engine/format.js';
import { dateLineProblems } from '../../src/content/i18n-check.js';
import { realContent } from '../helpers/content.js';

const content = realContent();
const withSteps = { checked: '2026-11-30', stepsAsOf: '2025-05' };
const dayOnly = { checked: '2026-11-30' };

const EXPECTED: Record<
  string,
  { steps: string; day: string; source: string; stepsMonth: string; instant: string }
> = {
  de: {
    steps: 'Stand: Quellen geprüft am 30. November 2026 · Anleitung nach Quellen von Mai 2025',
    day: 'Stand: 30. November 2026',
    source: 'Mai 2025',
    stepsMonth: 'Mai 2025',
    instant: '27. Mai 2025, 00:00 Uhr',
  },
  en: {
    steps: 'Checked: sources reviewed on 30 November 2026 · steps based on sources from May 2025',
    day: 'Checked: 30 November 2026',
    source: 'May 2025',
    stepsMonth: 'May 2025',
    instant: '27 May 2025, 00:00',
  },
  'de-simple': {
    steps: 'Stand: Quellen geprüft am 30. November 2026 · Anleitung aus Quellen von Mai 2025',
    day: 'Stand: 30. November 2026',
    source: 'Mai 2025',
    stepsMonth: 'Mai 2025',
    instant: '27. Mai 2025, um 00:00 Uhr',
  },
  tr: {
    steps: 'Son kontrol: 30 Kasım 2026 · Adımlar: Mayıs 2025 kaynakları',
    day: 'Son kontrol: 30 Kasım 2026',
    source: 'Mayıs 2025',
    stepsMonth: 'Mayıs 2025',
    instant: '27 Mayıs 2025, 00:00',
  },
  uk: {
    steps: 'Станом на 30 листопада 2026 р. · кроки за джерелами від травня 2025',
    day: 'Станом на 30 листопада 2026 р.',
    source: 'травень 2025',
    stepsMonth: 'травня 2025',
    instant: '27 травня 2025 р., 00:00',
  },
  ar: {
    steps: 'رُوجعت المصادر في 30 نوفمبر 2026 · الخطوات من مصادر مايو 2025',
    day: 'آخر مراجعة: 30 نوفمبر 2026',
    source: 'مايو 2025',
    stepsMonth: 'مايو 2025',
    instant: '27 مايو 2025، 00:00',
  },
};

describe('dates per language', () => {
  for (const spec of LANGUAGES) {
    it(`${spec.code}: Stand lines, a source month, the steps month and an instant`, () => {
      const want = EXPECTED[spec.code]!;
      expect(standText(content, spec.code, withSteps)).toBe(want.steps);
      expect(standText(content, spec.code, dayOnly)).toBe(want.day);
      expect(formatSourceDate('2025-05', spec.code)).toBe(want.source);
      expect(formatStepsMonth('2025-05', spec.code)).toBe(want.stepsMonth);
      expect(formatInstant(new Date('2025-05-26T22:00:00Z'), 'Europe/Berlin', spec.code)).toBe(want.instant);
      expect(formatDay('2026-11-30', spec.code)).toMatch(/30/);
      expect(dateLineProblems(want.steps, spec.code)).toEqual([]);
      expect(dateLineProblems(want.day, spec.code)).toEqual([]);
    });
  }

  it('Ukrainian: every month is in the genitive after „від“, and in the nominative standing alone', () => {
    const genitive = [
      'січня',
      'лютого',
      'березня',
      'квітня',
      'травня',
      'червня',
      'липня',
      'серпня',
      'вересня',
      'жовтня',
      'листопада',
      'грудня',
    ];
    const nominative = [
      'січень',
      'лютий',
      'березень',
      'квітень',
      'травень',
      'червень',
      'липень',
      'серпень',
      'вересень',
      'жовтень',
      'листопад',
      'грудень',
    ];
    genitive.forEach((m, i) => {
      const month = `2025-${String(i + 1).padStart(2, '0')}`;
      expect(formatStepsMonth(month, 'uk')).toBe(`${m} 2025`);
      expect(formatSourceDate(month, 'uk')).toBe(`${nominative[i]} 2025`);
      expect(dateLineProblems(`від ${nominative[i]} 2025`, 'uk')).toHaveLength(1);
    });
    expect(dateLineProblems('Станом на: 30 листопада 2026 р.', 'uk')).toContain(
      'a colon after the preposition "станом на"',
    );
  });
});
