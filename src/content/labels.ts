/**
 * In-app labels as data (content/labels.yaml). A topic names a label by its id, {{ig.privacy_policy}}; the
 * loader replaces each reference with the reader's label in the reader's quotation marks. While a label is
 * not confirmed in the reader's language (and that language is not German), its first use in an answer is
 * followed by the German label in brackets, for phones set to German, and the answer gets one short note
 * (ui `labels_unconfirmed`) right after the block with the last such label. A language may carry a `phrase`
 * instead of a label: what to look for, in words, shown without quotation marks (the search word in the
 * privacy policy, where no source gives the word Meta uses in that language).
 */
import { z } from 'zod';
import type { Block, Inline } from '../message/model.js';
import type { ContentIssue } from './errors.js';
import { languageSpec, type LanguageSpec, type Languages } from './languages.js';

/** The language all labels fall back to, and whose labels come from the sources. */
export const LABEL_SOURCE_LANG = 'de';

const labelTextSchema = z
  .strictObject({
    text: z.string().trim().min(1, 'must not be empty').optional(),
    phrase: z.string().trim().min(1, 'must not be empty').optional(),
    confirmed: z.boolean({ error: 'must be true or false' }),
    source: z.string().trim().min(1).optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.text === undefined) === (v.phrase === undefined))
      ctx.addIssue({ code: 'custom', message: 'needs exactly one of "text" (the label) or "phrase" (what to look for)' });
    if (v.confirmed && v.source === undefined)
      ctx.addIssue({ code: 'custom', message: 'is confirmed but names no "source"' });
  });

type LabelText = z.infer<typeof labelTextSchema>;

export interface Label {
  readonly id: string;
  /** Per app language (the languages without `labelsFrom`). */
  readonly byLang: Readonly<Record<string, LabelText>>;
}

export type Labels = ReadonlyMap<string, Label>;

const LABEL_ID = /^[a-z]+\.[a-z0-9_]+$/;
/** A reference in topic text. */
const LABEL_REF = /\{\{\s*([a-z]+\.[a-z0-9_]+)\s*\}\}/g;

/** The languages whose labels labels.yaml must give (plain German uses the German ones). */
export function labelLanguages(languages: Languages): string[] {
  return [...new Set(languages.list.map((l) => l.labelsFrom ?? l.code))];
}

/** Reads content/labels.yaml; a folder without one has no labels. `raw` is the parsed YAML. */
export function parseLabels(raw: unknown, languages: Languages, issues: ContentIssue[]): Map<string, Label> {
  const file = 'labels.yaml';
  const out = new Map<string, Label>();
  if (raw === undefined || raw === null) return out;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    issues.push({ file, field: '(file)', message: 'must map label ids (e.g. ig.privacy_policy) to their texts' });
    return out;
  }
  const langs = labelLanguages(languages);
  for (const [id, entry] of Object.entries(raw as Record<string, unknown>)) {
    if (!LABEL_ID.test(id)) {
      issues.push({ file, field: id, message: 'is not a label id: <app>.<snake_case>, e.g. ig.privacy_policy' });
      continue;
    }
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      issues.push({ file, field: id, message: `needs one entry per language (${langs.join(', ')})` });
      continue;
    }
    const byLang: Record<string, LabelText> = {};
    for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
      if (key === 'note') continue;
      if (!langs.includes(key) && !languageSpec(key)) {
        issues.push({ file, field: `${id}.${key}`, message: `"${key}" is not a language (${langs.join(', ')}) or "note"` });
        continue;
      }
      const parsed = labelTextSchema.safeParse(value);
      if (!parsed.success)
        for (const issue of parsed.error.issues)
          issues.push({ file, field: [id, key, ...issue.path.map(String)].join('.'), message: issue.message });
      else byLang[key] = parsed.data;
    }
    if (byLang[LABEL_SOURCE_LANG]?.text === undefined) {
      issues.push({ file, field: `${id}.${LABEL_SOURCE_LANG}`, message: 'the German entry must be the label ("text")' });
      continue;
    }
    out.set(id, { id, byLang });
  }
  // A language the table knows must be in every entry; one it does not know at all yet (a new language)
  // shows the labels of its fallback language, as unconfirmed.
  const known = langs.filter((l) => [...out.values()].some((label) => l in label.byLang));
  for (const [id, label] of out) {
    const missing = known.filter((l) => !(l in label.byLang));
    if (missing.length) {
      issues.push({ file, field: id, message: `has no text for ${missing.join(', ')}` });
      out.delete(id);
    }
  }
  return out;
}

const quote = (spec: LanguageSpec | undefined, value: string): string =>
  `${spec?.quotes?.[0] ?? '"'}${value}${spec?.quotes?.[1] ?? '"'}`;

/** What a reference shows in `lang`, and whether it is one whose German label is added as a fallback. */
function renderLabel(
  label: Label,
  lang: string,
  languages: Languages,
): { shown: string; fallback?: string } {
  const spec = languageSpec(lang, languages);
  const appLang = spec?.labelsFrom ?? lang;
  const own = label.byLang[appLang];
  const viaFallback = spec?.fallback ? label.byLang[spec.fallback] : undefined;
  const entry = own ?? viaFallback ?? label.byLang[LABEL_SOURCE_LANG]!;
  const shown = entry.text !== undefined ? quote(spec, entry.text) : entry.phrase!;
  if (appLang === LABEL_SOURCE_LANG || (own && entry.confirmed)) return { shown };
  const german = label.byLang[LABEL_SOURCE_LANG]!.text!;
  if (german === entry.text) return { shown };
  return { shown, fallback: quote(languageSpec(LABEL_SOURCE_LANG, languages), german) };
}

export interface Expanded {
  readonly blocks: Block[];
  /** Ids shown with their German fallback (not confirmed in this language), in order of first use. */
  readonly unconfirmed: string[];
  /** Every id used. */
  readonly used: string[];
  /** References to ids labels.yaml does not have. */
  readonly unknown: string[];
}

/**
 * Replaces the label references in the blocks (text nodes only, never link targets) for `lang`. The first
 * use of an unconfirmed label gets the German label in brackets; `note`, if given, is inserted after the
 * block holding the last such first use.
 */
export function expandLabels(
  blocks: readonly Block[],
  lang: string,
  labels: Labels,
  languages: Languages,
  note?: Block,
): Expanded {
  const seen = new Set<string>();
  const used = new Set<string>();
  const unconfirmed: string[] = [];
  const unknown = new Set<string>();
  let lastFallbackBlock = -1;
  let blockIndex = 0;
  const inText = (s: string): string =>
    s.replace(LABEL_REF, (whole, id: string) => {
      const label = labels.get(id);
      if (!label) {
        unknown.add(id);
        return whole;
      }
      used.add(id);
      const { shown, fallback } = renderLabel(label, lang, languages);
      if (!fallback || seen.has(id)) {
        seen.add(id);
        return shown;
      }
      seen.add(id);
      unconfirmed.push(id);
      lastFallbackBlock = blockIndex;
      return `${shown} (${fallback})`;
    });
  const inline = (n: Inline): Inline =>
    n.kind === 'text'
      ? { kind: 'text', text: inText(n.text) }
      : n.kind === 'self'
        ? n
        : { ...n, children: n.children.map(inline) };
  const out: Block[] = blocks.map((b, i) => {
    blockIndex = i;
    return b.kind === 'list'
      ? { ...b, items: b.items.map((item) => item.map(inline)) }
      : { ...b, content: b.content.map(inline) };
  });
  if (note && lastFallbackBlock >= 0) out.splice(lastFallbackBlock + 1, 0, note);
  return { blocks: out, unconfirmed, used: [...used], unknown: [...unknown] };
}

/** Per label language, the ids of the table not confirmed in it. */
export function unconfirmedByLanguage(labels: Labels, languages: Languages): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const lang of labelLanguages(languages))
    out.set(
      lang,
      [...labels.values()].filter((l) => l.byLang[lang]?.confirmed !== true).map((l) => l.id),
    );
  return out;
}
