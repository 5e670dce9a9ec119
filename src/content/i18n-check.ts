/**
 * Language rules of `npm run content:check` beyond the mechanical comparison with German
 * (translation-check.ts):
 * - labels: a translated topic (tr, uk, ar) quotes no German in-app label outside brackets; it names the
 *   label by its id ({{ig.privacy_policy}}, content/labels.yaml) and the bot adds the German one in brackets
 *   where needed. The unconfirmed labels are listed per language.
 * - register: Turkish addresses the reader with "siz", Ukrainian with "ви": the informal pronouns and
 *   possessives (tr sen/senin/sana…, uk ти/тобі/твій…) are errors, in topics and ui files.
 * - dates: every language's "Stand" lines, rendered, have no colon right after a preposition ("Станом на:
 *   …") and the Ukrainian month after „від“ is in the genitive ("від травня", not "від травень").
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { LABEL_SOURCE_LANG, labelLanguages, unconfirmedByLanguage, type Labels } from './labels.js';
import { languageSpec, type Languages } from './languages.js';
import type { ComposedAnswers } from './limits.js';
import type { Content, Lang } from './types.js';

interface I18nFinding {
  readonly file: string;
  readonly message: string;
}

/** Quoted passages: „…“ "…" “…” «…». */
const QUOTED = /„[^“”"\n]*[“”"]|"[^"\n]*"|“[^”\n]*”|«[^»\n]*»/g;

/** Informal address, per language: whole words, lower case. */
const INFORMAL_WORDS: Readonly<Record<string, readonly string[]>> = {
  tr: ['sen', 'senin', 'sana', 'seni', 'sende', 'senden', 'seninle', 'senindir'],
  uk: [
    'ти',
    'тебе',
    'тобі',
    'тобою',
    'твій',
    'твоя',
    'твоє',
    'твої',
    'твого',
    'твоєї',
    'твоєму',
    'твоїй',
    'твоїм',
    'твоїх',
    'твоїми',
    'твою',
  ],
};

/** Prepositions after which a colon is wrong, per language (the "Stand" line: "Станом на: …"). */
const PREPOSITIONS: Readonly<Record<string, readonly string[]>> = {
  de: ['am', 'von', 'vom', 'seit', 'nach', 'bis', 'zum'],
  'de-simple': ['am', 'von', 'vom', 'seit', 'nach', 'bis', 'zum'],
  en: ['on', 'from', 'of', 'since', 'as of'],
  uk: ['на', 'від', 'з', 'до', 'станом на'],
  ar: ['في', 'من', 'منذ'],
};

/** Ukrainian months in the nominative: wrong after „від“ (genitive: травня). */
const UK_NOMINATIVE_MONTHS =
  'січень|лютий|березень|квітень|травень|червень|липень|серпень|вересень|жовтень|листопад|грудень';

const words = (text: string): string[] => text.toLowerCase().match(/\p{L}+(?:['’]\p{L}+)*/gu) ?? [];

function body(dir: string, file: string): string {
  const text = readFileSync(join(dir, file), 'utf8').replace(/\r\n?/g, '\n');
  const m = /^---\n[\s\S]*?\n---\n?([\s\S]*)$/.exec(text);
  return m ? m[1]! : text;
}

/** Languages whose topics are translations into another language than German (tr, uk, ar). */
function foreignTranslations(languages: Languages): string[] {
  return languages.list
    .filter((l) => l.translatedFrom && (l.labelsFrom ?? l.code) !== LABEL_SOURCE_LANG)
    .map((l) => l.code);
}

/** German labels quoted outside brackets in a translated topic's text. */
export function germanLabelsOutsideBrackets(text: string, german: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const line of text.split('\n')) {
    for (const m of line.matchAll(QUOTED)) {
      const inner = m[0].slice(1, -1).trim();
      if (!german.has(inner)) continue;
      const before = line.slice(0, m.index);
      const depth = (before.match(/\(/g) ?? []).length - (before.match(/\)/g) ?? []).length;
      if (depth <= 0) found.push(m[0]);
    }
  }
  return found;
}

/** The German label texts that differ from the label in `lang` (those a reader of `lang` must not be told to tap). */
function germanLabelsFor(labels: Labels, lang: string): Set<string> {
  const out = new Set<string>();
  for (const label of labels.values()) {
    const de = label.byLang[LABEL_SOURCE_LANG]?.text;
    const own = label.byLang[lang];
    if (de && own && own.text !== de) out.add(de);
  }
  return out;
}

function informalWords(text: string, lang: string): string[] {
  const list = INFORMAL_WORDS[lang];
  if (!list) return [];
  const counts = new Map<string, number>();
  for (const w of words(text)) if (list.includes(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts].map(([w, n]) => (n > 1 ? `"${w}" ×${n}` : `"${w}"`));
}

/** Problems of a rendered date line in `lang`. */
export function dateLineProblems(line: string, lang: string): string[] {
  const out: string[] = [];
  const lower = line.toLowerCase();
  for (const prep of PREPOSITIONS[lang] ?? []) {
    const re = new RegExp(`(^|[^\\p{L}])${prep}\\s*:`, 'u');
    if (re.test(lower)) out.push(`a colon after the preposition "${prep}"`);
  }
  if (lang === 'uk') {
    const m = new RegExp(`(^|[^\\p{L}])від\\s+(${UK_NOMINATIVE_MONTHS})(?![\\p{L}])`, 'u').exec(lower);
    if (m) out.push(`"від ${m[2]}": the month after „від“ needs the genitive`);
  }
  return out;
}

export interface I18nReport {
  readonly findings: readonly I18nFinding[];
  /** Per label language, the unconfirmed label ids (all of labels.yaml). */
  readonly unconfirmed: ReadonlyMap<string, readonly string[]>;
  readonly labelCount: number;
}

/** `composed` renders the "Stand" lines for the date rules; without it those are not checked. */
export function checkI18n(content: Content, composed?: ComposedAnswers): I18nReport {
  const findings: I18nFinding[] = [];
  const { dir, languages } = content;
  const labels = content.labels ?? new Map();
  const codes = languages.list.map((l) => l.code);
  const topicFiles = readdirSync(join(dir, 'topics')).filter((n) => n.endsWith('.md'));

  for (const lang of foreignTranslations(languages)) {
    const german = germanLabelsFor(labels, languageSpec(lang, languages)?.labelsFrom ?? lang);
    if (!german.size) continue;
    for (const name of topicFiles.filter((n) => n.endsWith(`.${lang}.md`))) {
      const file = join('topics', name);
      const quoted = germanLabelsOutsideBrackets(body(dir, file), german);
      if (quoted.length)
        findings.push({
          file,
          message: `German app labels outside brackets: ${[...new Set(quoted)].join(', ')}; name the label by its id ({{…}}, content/labels.yaml): the bot shows the ${lang} label and adds the German one in brackets`,
        });
    }
  }

  for (const lang of Object.keys(INFORMAL_WORDS).filter((l) => codes.includes(l))) {
    const files = [
      ...topicFiles.filter((n) => n.endsWith(`.${lang}.md`)).map((n) => join('topics', n)),
      `ui.${lang}.yaml`,
    ];
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(join(dir, file), 'utf8');
      } catch {
        continue;
      }
      const found = informalWords(text, lang);
      if (found.length)
        findings.push({
          file,
          message: `informal address (${lang === 'tr' ? 'use "siz"' : 'use "ви"'}): ${found.join(', ')}`,
        });
    }
  }

  const sample = { checked: '2026-11-30', stepsAsOf: '2025-05' };
  for (const lang of composed ? (codes as Lang[]) : []) {
    for (const t of [sample, { checked: sample.checked }]) {
      const line = composed!.standLine(content, lang, t);
      for (const problem of dateLineProblems(line, lang))
        findings.push({ file: `ui.${lang}.yaml`, message: `the "Stand" line "${line}" has ${problem}` });
    }
  }

  const unconfirmed = unconfirmedByLanguage(labels, languages);
  return { findings, unconfirmed, labelCount: labels.size };
}

/** "labels: 39 in labels.yaml; unconfirmed: de 4, en 28 …" and one line per language with the ids. */
export function unconfirmedSummary(report: I18nReport, languages: Languages): string[] {
  if (!report.labelCount) return [];
  const langs = labelLanguages(languages);
  const head = `labels: ${report.labelCount} in labels.yaml; unconfirmed: ${langs
    .map((l) => `${l} ${report.unconfirmed.get(l)?.length ?? 0}`)
    .join(', ')}`;
  return [
    head,
    ...langs
      .filter((l) => report.unconfirmed.get(l)?.length)
      .map((l) => `  unconfirmed in ${l}: ${report.unconfirmed.get(l)!.join(', ')}`),
  ];
}
