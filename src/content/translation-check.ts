/**
 * The mechanical translation check (`npm run content:check`): every topic file of a language other than the
 * source language (German), English included, is compared with its German file. It finds what a translation
 * must not change: the same links, the same numbers, dates and case numbers, the same number of numbered
 * steps, list items and headings, the same header `sources` (addresses), `related`, `checklist`, `checked`
 * and `steps_as_of`; and, in languages that are not German at all, no German function words left outside
 * quotes (a heuristic: quoted in-app labels such as „Datenschutzrichtlinie“ and the proper names below may
 * stay German).
 *
 * Plain German (a rewrite into short sentences) keeps links, numbers and header; it may split a step or a
 * list item in two, so its counts are not compared, and it is German, so the leftover check does not apply.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REGISTRY, type Languages } from './languages.js';

interface TranslationFinding {
  /** The translated file, relative to the content folder (topics/x.tr.md). */
  readonly file: string;
  /** What differs from the German file. */
  readonly message: string;
}

export interface TranslationReport {
  /** Translated files compared with their German source. */
  readonly files: number;
  /** Single comparisons made (one per aspect per file). */
  readonly checks: number;
  readonly findings: readonly TranslationFinding[];
  /** Differences in files listed in translation-pending.yaml (a German change not yet ported): warnings. */
  readonly pending: readonly TranslationFinding[];
}

/**
 * content/translation-pending.yaml: translated files that lag behind a German change on purpose, each with a
 * note ("topics/timeline.tr.md: port the 2026-12-05 timeline"). Their differences are reported as pending,
 * not as errors; a listed file that matches German again is an error, so the list cannot go stale.
 */
const PENDING_FILE = 'translation-pending.yaml';

function readPending(dir: string): Map<string, string> {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(join(dir, PENDING_FILE), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    return new Map([[PENDING_FILE, `cannot be read: ${String(err).split('\n')[0]}`]]);
  }
  if (raw === null || raw === undefined) return new Map();
  if (typeof raw !== 'object' || Array.isArray(raw))
    return new Map([[PENDING_FILE, 'must map files to notes, e.g. topics/timeline.tr.md: "port …"']]);
  return new Map(Object.entries(raw as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

/** The language every other one is compared with. */
const SOURCE = 'de';

/** Languages that are German themselves: no leftover-German check, no structure counts (a plain rewrite). */
const GERMAN_VARIANTS = new Set(['de-simple']);

/**
 * Common German function words: one of them outside quotes in a Turkish, Ukrainian, Arabic or English text
 * is most likely a sentence left untranslated. Words that are also common English words ("in", "an", "so",
 * "was", "will", "also", "man", "hat", "die") are left out.
 */
const GERMAN_WORDS = new Set([
  'und',
  'der',
  'das',
  'nicht',
  'mit',
  'für',
  'wird',
  'werden',
  'ist',
  'sind',
  'eine',
  'einen',
  'einem',
  'einer',
  'dem',
  'den',
  'des',
  'auf',
  'bei',
  'oder',
  'auch',
  'sich',
  'zu',
  'von',
  'im',
  'wenn',
  'dass',
  'kann',
  'können',
  'sie',
  'ihre',
  'dein',
  'deine',
  'du',
  'wir',
  'nach',
  'über',
  'aus',
  'noch',
  'nur',
  'schon',
  'hier',
  'jetzt',
  'bitte',
  'haben',
  'wie',
  'zum',
  'zur',
  'vom',
  'beim',
  'widerspruch',
  'widersprechen',
  'einstellungen',
]);

/** Proper names (and names of laws and bodies) that stay German in every language. */
const PROPER_NAMES = [
  'Bundesamt für Justiz',
  'Bundesnetzagentur',
  'Datenschutz-Grundverordnung',
  'Digitale-Dienste-Gesetz',
  'Gesetz über digitale Dienste',
  'Verbraucherzentrale Bundesverband',
  'Verbraucherzentrale Nordrhein-Westfalen',
  'Verbraucherzentrale Schleswig-Holstein',
  'Verbraucherzentrale',
  'Landesbeauftragte für Datenschutz',
  'Hamburgische Beauftragte für Datenschutz und Informationsfreiheit',
  'Oberlandesgericht Köln',
  'Oberlandesgericht',
  'Landgericht',
  'Stiftung Warentest',
  'Bundesgerichtshof',
];

/** Quoted passages, which may hold labels or titles in German: „…“ ‚…‘ "…" “…” «…» ‹…› and `code`. */
const QUOTED = /„[^“”"\n]*[“”"]|‚[^‘’\n]*[‘’]|"[^"\n]*"|“[^”\n]*”|«[^»\n]*»|‹[^›\n]*›|`[^`\n]*`/g;

const URL = /https?:\/\/[^\s)<>\]"'“”»]+/g;

interface TopicFile {
  readonly header: Record<string, unknown>;
  readonly body: string;
}

function readTopic(path: string): TopicFile {
  const text = readFileSync(path, 'utf8').replace(/\r\n?/g, '\n');
  const m = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
  if (!m) return { header: {}, body: text };
  const header = parseYaml(m[1]!) as unknown;
  return { header: header && typeof header === 'object' ? (header as Record<string, unknown>) : {}, body: m[2]! };
}

/** Arabic-Indic and Eastern Arabic-Indic digits as ASCII digits. */
function asciiDigits(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (c) => String(c.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (c) => String(c.charCodeAt(0) - 0x06f0));
}

const urlsOf = (body: string): string[] => [...new Set(body.match(URL) ?? [])].map((u) => u.replace(/[.,;:!?]+$/, ''));

/** Numbers in running text (not list markers, not inside links), e.g. 2025, 27, 15, 6, 1a. */
function numbersOf(body: string): string[] {
  const text = asciiDigits(body)
    .replace(URL, ' ')
    .replace(/^\s*\d+[.)]\s/gm, ' ')
    .replace(/\{[^}\n]*\}/g, ' ');
  return [...new Set(text.match(/\d+/g) ?? [])].map((n) => String(Number(n))).sort((a, b) => Number(a) - Number(b));
}

interface Shape {
  readonly steps: number;
  readonly items: number;
  readonly headings: number;
}

function shapeOf(body: string): Shape {
  const lines = body.split('\n');
  return {
    steps: lines.filter((l) => /^\s*[\d\u0660-\u0669]+[.)]\s/.test(l)).length,
    items: lines.filter((l) => /^\s*[-*+•]\s/.test(l)).length,
    headings: lines.filter((l) => /^#{1,6}\s/.test(l)).length,
  };
}

/** German function words outside quotes, links and proper names, with how often each occurs. */
export function germanLeftovers(body: string): string[] {
  let text = body.replace(URL, ' ').replace(/\]\([^)]*\)/g, '] ').replace(QUOTED, ' ');
  for (const name of PROPER_NAMES) text = text.split(name).join('X'); // still a word: "X'den"
  const found = new Map<string, number>();
  // A word with its apostrophe suffixes is one word (Turkish "Verbraucherzentrale'den" is not German "den").
  for (const word of text.toLowerCase().match(/\p{L}+(?:['’]\p{L}+)*/gu) ?? [])
    if (GERMAN_WORDS.has(word)) found.set(word, (found.get(word) ?? 0) + 1);
  return [...found].map(([w, n]) => (n > 1 ? `"${w}" ×${n}` : `"${w}"`));
}

const show = (list: readonly unknown[]): string => (list.length ? list.map(String).join(', ') : '(none)');

function difference(a: readonly string[], b: readonly string[]): { missing: string[]; extra: string[] } {
  return { missing: a.filter((x) => !b.includes(x)), extra: b.filter((x) => !a.includes(x)) };
}

function sourceUrls(header: Record<string, unknown>): string[] {
  const sources = Array.isArray(header.sources) ? (header.sources as unknown[]) : [];
  return sources.map((s) => {
    const url = s && typeof s === 'object' ? (s as { url?: unknown }).url : undefined;
    return typeof url === 'string' ? url : '(no url)';
  });
}

const scalar = (v: unknown): string =>
  v === undefined ? '(none)' : v instanceof Date ? v.toISOString().slice(0, 10) : JSON.stringify(v);

/**
 * Compares every topic file of every language of `languages` except German with its German file. Topic ids
 * are the German files' names (topics/<id>.de.md); a missing translation is the loader's business, not this.
 */
export function checkTranslations(dir: string, topicIds: Iterable<string>, languages: Languages = REGISTRY): TranslationReport {
  const findings: TranslationFinding[] = [];
  const pending: TranslationFinding[] = [];
  const pendingFiles = readPending(dir);
  const compared = new Set<string>();
  let files = 0;
  let checks = 0;
  for (const id of topicIds) {
    const source = readTopic(join(dir, 'topics', `${id}.${SOURCE}.md`));
    for (const spec of languages.list) {
      if (spec.code === SOURCE) continue;
      const file = `topics/${id}.${spec.code}.md`;
      let t: TopicFile;
      try {
        t = readTopic(join(dir, file));
      } catch {
        continue;
      }
      files++;
      compared.add(file);
      const report = (message: string): void => {
        (pendingFiles.has(file) ? pending : findings).push({ file, message });
      };
      const compare = (what: string, a: readonly string[], b: readonly string[]): void => {
        checks++;
        const { missing, extra } = difference(a, b);
        if (missing.length || extra.length)
          report(
            `${what} differ from ${id}.${SOURCE}.md:${missing.length ? ` missing ${show(missing)}` : ''}${extra.length ? `${missing.length ? ';' : ''} not in German ${show(extra)}` : ''}`,
          );
      };

      compare('links', urlsOf(source.body), urlsOf(t.body));
      compare('numbers', numbersOf(source.body), numbersOf(t.body));

      checks++;
      const [sa, sb] = [sourceUrls(source.header), sourceUrls(t.header)];
      if (sa.join('\n') !== sb.join('\n'))
        report(`header sources differ from ${id}.${SOURCE}.md: German [${show(sa)}], here [${show(sb)}]`);
      for (const key of ['related', 'checklist', 'checked', 'steps_as_of']) {
        checks++;
        const [a, b] = [scalar(source.header[key]), scalar(t.header[key])];
        if (a !== b) report(`header ${key} is ${b}, German ${a}`);
      }

      if (!GERMAN_VARIANTS.has(spec.code)) {
        const [a, b] = [shapeOf(source.body), shapeOf(t.body)];
        for (const key of ['steps', 'items', 'headings'] as const) {
          checks++;
          const name = { steps: 'numbered steps', items: 'list items', headings: 'headings' }[key];
          if (a[key] !== b[key]) report(`${b[key]} ${name}, German ${a[key]}`);
        }
        checks++;
        const left = germanLeftovers(t.body);
        if (left.length) report(`German words outside quotes (untranslated?): ${left.join(', ')}`);
      }
    }
  }
  for (const [file, note] of pendingFiles) {
    if (!compared.has(file))
      findings.push({ file: PENDING_FILE, message: `lists ${file}, which is not a translated topic file (${note})` });
    else if (!pending.some((p) => p.file === file))
      findings.push({
        file: PENDING_FILE,
        message: `lists ${file}, but it matches its German file now: remove the entry`,
      });
  }
  return { files, checks, findings, pending };
}
