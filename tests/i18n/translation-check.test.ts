/**
 * The mechanical translation check: every translation against its German file. On the real content it finds
 * nothing; on a copy with one difference put in on purpose it fails naming the file and what differs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkContentFolder } from '../../src/content/check.js';
import { LANGUAGES } from '../../src/content/languages.js';
import { germanLeftovers } from '../../src/content/translation-check.js';
import { checkTranslations } from '../../src/content/translation-check.js';
import { CONTENT_DIR, contentCopy, realContent } from '../helpers/content.js';

const NOW = new Date('2026-11-30T10:00:00Z');
const ids = [...realContent().topics.keys()];

let copy: ReturnType<typeof contentCopy> | undefined;
afterEach(() => {
  copy?.cleanup();
  copy = undefined;
});

/** The findings on a copy of the content with one file changed. */
function findingsAfter(file: string, change: (text: string) => string): string[] {
  copy?.cleanup();
  copy = contentCopy();
  copy.edit(file, change);
  return checkTranslations(copy.dir, ids).findings.map((f) => `${f.file}: ${f.message}`);
}

describe('the translation check', () => {
  it('compares every translation of every topic (English too) and finds nothing in the real content', () => {
    const report = checkTranslations(CONTENT_DIR, ids);
    expect(report.files).toBe(ids.length * (LANGUAGES.length - 1));
    expect(report.checks).toBeGreaterThan(report.files * 7);
    expect(report.findings).toEqual([]);
  });

  it('is part of content:check, with its figures', () => {
    const result = checkContentFolder(CONTENT_DIR, {}, NOW);
    expect(result.ok).toBe(true);
    expect(result.output).toMatch(/translations: \d+ files compared with German, \d+ checks, 0 findings/);
  });

  it('names a changed link', () => {
    expect(
      findingsAfter('topics/rights.tr.md', (t) =>
        t.replace('](https://www.dataprotection.ie)', '](https://example.org)'),
      ),
    ).toEqual([
      expect.stringMatching(
        /^topics\/rights\.tr\.md: links differ from rights\.de\.md: missing https:\/\/www\.dataprotection\.ie; not in German https:\/\/example\.org$/,
      ),
    ]);
  });

  it('names a changed number or date, and reads Arabic-Indic digits as digits', () => {
    expect(findingsAfter('topics/whatsapp.uk.md', (t) => t.replace('16 грудня', '17 грудня'))).toEqual([
      'topics/whatsapp.uk.md: numbers differ from whatsapp.de.md: missing 16; not in German 17',
    ]);
    expect(
      findingsAfter('topics/whatsapp.ar.md', (t) => t.replace('16 ديسمبر 2025', '١٦ ديسمبر ٢٠٢٥')),
    ).toEqual([]);
  });

  it('names a missing step and a missing heading', () => {
    expect(findingsAfter('topics/whatsapp.ar.md', (t) => t.replace(/^4\. .*\n/m, ''))).toEqual([
      'topics/whatsapp.ar.md: 3 numbered steps, German 4',
    ]);
    expect(findingsAfter('topics/whatsapp.en.md', (t) => t.replace(/^## (.*)$/m, '**$1**'))).toEqual([
      expect.stringMatching(/^topics\/whatsapp\.en\.md: \d+ headings, German \d+$/),
    ]);
  });

  it('names a header that differs', () => {
    expect(
      findingsAfter('topics/whatsapp.de-simple.md', (t) =>
        t.replace('checked: 2026-11-30', 'checked: 2026-11-01'),
      ),
    ).toEqual(['topics/whatsapp.de-simple.md: header checked is "2026-11-01", German "2026-11-30"']);
    expect(findingsAfter('topics/x.uk.md', (t) => t.replace(/^related: \[(\w+), /m, 'related: ['))).toEqual([
      expect.stringMatching(/^topics\/x\.uk\.md: header related is \[.*\], German \[.*\]$/),
    ]);
  });

  it('names German left untranslated, but not quoted labels or proper names', () => {
    expect(
      findingsAfter('topics/instagram.en.md', (t) => `${t}\nDer Widerspruch gilt nur für die Zukunft.\n`),
    ).toEqual([
      'topics/instagram.en.md: German words outside quotes (untranslated?): "der", "widerspruch", "nur", "für"',
    ]);
    expect(germanLeftovers('Tap „Bezieht sich deine Anfrage auf KI bei Meta?“ and then „Ja“.')).toEqual([]);
    expect(germanLeftovers('Ask the Verbraucherzentrale or the Bundesamt für Justiz.')).toEqual([]);
    expect(germanLeftovers("Verbraucherzentrale'den danışmanlık almak")).toEqual([]);
    expect(germanLeftovers('Натисніть «Einstellungen und Privatsphäre».')).toEqual([]);
  });

  it('fails content:check naming the file', () => {
    copy = contentCopy();
    copy.edit('topics/linkedin.tr.md', (t) => `${t}\nBitte hier klicken und nicht warten.\n`);
    const result = checkContentFolder(copy.dir, {}, NOW);
    expect(result.ok).toBe(false);
    expect(result.problems).toContain('error: topics/linkedin.tr.md: German words outside quotes');
    expect(result.output).toMatch(/1 finding\b/);
  });
});
