/**
 * The languages the bot speaks, as data. Everything that depends on the language list derives from here:
 * the `Lang` type, the content loader (which files it needs), /sprache and its buttons, the platform's
 * language hint, Telegram's command menus, date formats, reminders.
 *
 * Adding a language = its content files (content/topics/<id>.<code>.md for every topic, content/ui.<code>.yaml,
 * later its column in content/labels.yaml (until then its readers see its fallback's labels as unconfirmed),
 * a `<code>:` entry in every deadline's title and text) and one entry in LANGUAGES below.
 */
import type { Locale } from 'date-fns';
import { ar, de, enGB, tr, uk } from 'date-fns/locale';

interface DateFormats {
  /** A calendar day ("Stand"): date-fns pattern. */
  readonly day: string;
  /** A source's full date, YYYY-MM-DD. */
  readonly sourceDay: string;
  /** A source's month, YYYY-MM, standing alone (source lists). */
  readonly sourceMonth: string;
  /**
   * The month of the steps' sources inside the "Stand" line (ui `stand_steps`, placeholder {month}), in the
   * grammatical case that line's wording needs; default: `sourceMonth`.
   */
  readonly stepsMonth?: string;
  /** How an undated source is shown. */
  readonly undated: string;
  /** An instant with its time (deadlines, "remind me later"). */
  readonly instant: string;
}

export interface LanguageSpec {
  /** The code used in file names, /sprache arguments, callback data and the store: lower case, e.g. "de", "de-simple". */
  readonly code: string;
  /** The language's name in its own script ("Deutsch", "English"): /sprache buttons and /status. */
  readonly endonym: string;
  readonly dir: 'ltr' | 'rtl';
  /** Telegram `language_code`s (and other platform hints) that map to this language: primary subtags or full tags. */
  readonly hints: readonly string[];
  /** More words /sprache accepts for it, besides code and endonym (lower case, without diacritics). */
  readonly aliases: readonly string[];
  readonly locale: Locale;
  readonly dates: DateFormats;
  /** Whether a platform hint may pick it without the person choosing it (plain German never is). */
  readonly automatic: boolean;
  /** Where this language has no own command words, the menu uses those of this language. */
  readonly fallback?: string;
  /**
   * The language its content is translated from (the authoritative version): set, every topic answer says
   * so in a footer note (ui `translation_note`). German is the source; English is a parallel version kept
   * by the same authors, not a translation to be checked against a reference, so it has none.
   */
  readonly translatedFrom?: string;
  /** Opening and closing quotation marks for in-app labels (content/labels.yaml) in this language. */
  readonly quotes?: readonly [string, string];
  /** Whose in-app labels this language shows (plain German: the German app's); default: its own. */
  readonly labelsFrom?: string;
}

/** The registry. Order = order of the /sprache buttons. */
export const LANGUAGES = [
  {
    code: 'de',
    endonym: 'Deutsch',
    dir: 'ltr',
    hints: ['de'],
    aliases: ['deutsch', 'german', 'ger', 'deu'],
    locale: de,
    dates: {
      day: 'd. MMMM yyyy',
      sourceDay: 'dd.MM.yyyy',
      sourceMonth: 'MMMM yyyy',
      undated: 'undatiert',
      instant: "d. MMMM yyyy, HH:mm 'Uhr'",
    },
    quotes: ['„', '“'],
    automatic: true,
  },
  {
    code: 'en',
    endonym: 'English',
    dir: 'ltr',
    hints: ['en'],
    aliases: ['english', 'englisch', 'eng'],
    locale: enGB,
    dates: {
      day: 'd MMMM yyyy',
      sourceDay: 'd MMM yyyy',
      sourceMonth: 'MMMM yyyy',
      undated: 'undated',
      instant: 'd MMMM yyyy, HH:mm',
    },
    quotes: ['“', '”'],
    automatic: true,
    fallback: 'de',
  },
  {
    // German in plain language ("Einfache Sprache"): short sentences, one idea each, terms explained. Only by
    // choice (/einfach or /sprache), never from a platform hint.
    code: 'de-simple',
    endonym: 'Einfache Sprache',
    dir: 'ltr',
    hints: [],
    aliases: ['einfach', 'einfache sprache', 'leichte sprache', 'simple', 'plain german'],
    locale: de,
    dates: {
      day: 'd. MMMM yyyy',
      sourceDay: 'd. MMMM yyyy',
      sourceMonth: 'MMMM yyyy',
      undated: 'ohne Datum',
      instant: "d. MMMM yyyy, 'um' HH:mm 'Uhr'",
    },
    quotes: ['„', '“'],
    labelsFrom: 'de',
    automatic: false,
    translatedFrom: 'de',
    fallback: 'de',
  },
  {
    code: 'ar',
    endonym: 'العربية',
    dir: 'rtl',
    hints: ['ar'],
    aliases: ['arabic', 'arabisch', 'عربي', 'العربية', 'عربية'],
    locale: ar,
    dates: {
      day: 'd MMMM yyyy',
      sourceDay: 'd MMMM yyyy',
      sourceMonth: 'MMMM yyyy',
      undated: 'بدون تاريخ',
      instant: 'd MMMM yyyy، HH:mm',
    },
    quotes: ['«', '»'],
    automatic: true,
    translatedFrom: 'de',
    fallback: 'en',
  },
  {
    code: 'tr',
    endonym: 'Türkçe',
    dir: 'ltr',
    hints: ['tr'],
    aliases: ['turkce', 'turkish', 'turkisch', 'tur', 'turk'],
    locale: tr,
    dates: {
      day: 'd MMMM yyyy',
      sourceDay: 'dd.MM.yyyy',
      sourceMonth: 'MMMM yyyy',
      undated: 'tarihsiz',
      instant: 'd MMMM yyyy, HH:mm',
    },
    quotes: ['“', '”'],
    automatic: true,
    translatedFrom: 'de',
    fallback: 'en',
  },
  {
    code: 'uk',
    endonym: 'Українська',
    dir: 'ltr',
    hints: ['uk'],
    aliases: ['ukrainian', 'ukrainisch', 'ukr', 'ua', 'украинский', 'українською', 'укр'],
    locale: uk,
    dates: {
      day: "d MMMM yyyy 'р.'",
      sourceDay: 'dd.MM.yyyy',
      sourceMonth: 'LLLL yyyy',
      // "Інструкція за джерелами від травня 2025": the genitive (formatting form) after „від“.
      stepsMonth: 'MMMM yyyy',
      undated: 'без дати',
      instant: "d MMMM yyyy 'р.', HH:mm",
    },
    quotes: ['«', '»'],
    automatic: true,
    translatedFrom: 'de',
    fallback: 'en',
  },
] as const satisfies readonly LanguageSpec[];

export type Lang = (typeof LANGUAGES)[number]['code'];

/** The languages in effect (the registry, or a test's own) and the policy for choosing one without a choice. */
export interface Languages {
  readonly list: readonly LanguageSpec[];
  /** No choice and no usable hint: this one. */
  readonly default: Lang;
  /** A well-formed hint for a language the bot does not speak (e.g. "fr"): this one. */
  readonly foreign: Lang;
}

export const REGISTRY: Languages = { list: LANGUAGES, default: 'de', foreign: 'en' };

/**
 * The registry narrowed to some of its languages, in registry order (the LANGUAGES variable: an operator may
 * serve a subset, e.g. while a translation waits for review). The default language must stay in. Throws an
 * Error naming the unknown codes.
 */
export function selectLanguages(codes: readonly string[] | undefined, from: Languages = REGISTRY): Languages {
  if (!codes || codes.length === 0) return from;
  const unknown = codes.filter((c) => !from.list.some((l) => l.code === c));
  if (unknown.length)
    throw new Error(
      `unknown language ${unknown.map((c) => `"${c}"`).join(', ')} (registered: ${from.list.map((l) => l.code).join(', ')})`,
    );
  if (!codes.includes(from.default)) throw new Error(`must include the default language "${from.default}"`);
  const list = from.list.filter((l) => codes.includes(l.code));
  const foreign = list.some((l) => l.code === from.foreign) ? from.foreign : from.default;
  return { list, default: from.default, foreign };
}

export const LANGS: readonly Lang[] = LANGUAGES.map((l) => l.code);
export const DEFAULT_LANG: Lang = REGISTRY.default;

/** The spec of a language code (of the given registry), or undefined if it is not registered. */
export function languageSpec(code: string, languages: Languages = REGISTRY): LanguageSpec | undefined {
  return languages.list.find((l) => l.code === code);
}

/** The codes of a registry, as `Lang`s (a test registry may hold codes the type does not know). */
export function codesOf(languages: Languages = REGISTRY): readonly Lang[] {
  return languages.list.map((l) => l.code as Lang);
}

/** Whether a stored or received value is a language of the registry. */
export function isLang(value: unknown, languages: Languages = REGISTRY): value is Lang {
  return typeof value === 'string' && languages.list.some((l) => l.code === value);
}

/**
 * The language a platform hint (e.g. Telegram's language_code "de", "en-GB", "pt-br") stands for: a
 * registered automatic language whose hints name the tag or its primary subtag; else, for a well-formed tag,
 * the registry's `foreign` language; else (no or malformed hint) its `default`.
 */
export function languageFromHint(hint: string | undefined, languages: Languages = REGISTRY): Lang {
  if (!hint) return languages.default;
  const tag = hint.trim().toLowerCase().replace(/_/g, '-');
  const primary = tag.split('-')[0] ?? '';
  if (!/^[a-z]{2,3}$/.test(primary)) return languages.default;
  const auto = languages.list.filter((l) => l.automatic);
  const match =
    auto.find((l) => l.hints.includes(tag)) ?? auto.find((l) => l.hints.includes(primary));
  return match ? (match.code as Lang) : languages.foreign;
}

/** The part of a platform hint worth keeping: its primary subtag ("en-GB" → "en"), if well-formed. */
export function hintTag(hint: string | undefined): string | undefined {
  const primary = hint?.trim().toLowerCase().split(/[-_]/)[0];
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
}

/**
 * The one rule for the language of a conversation, for user turns and reminders alike: the explicit choice,
 * else the language of the hint last seen from that person, else the registry's default.
 */
export function languageOf(
  explicit: Lang | undefined,
  hint: string | undefined,
  languages: Languages = REGISTRY,
): Lang {
  if (explicit && isLang(explicit, languages)) return explicit;
  return languageFromHint(hint, languages);
}

/** The language a /sprache argument names: its code, endonym or an alias (case, diacritics, "-"/"_" ignored). */
export function parseLanguageName(input: string, languages: Languages = REGISTRY): Lang | undefined {
  const plain = (s: string): string =>
    s
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[\s_-]+/g, '-')
      .trim();
  const w = plain(input.trim());
  if (!w) return undefined;
  const spec = languages.list.find(
    (l) => plain(l.code) === w || plain(l.endonym) === w || l.aliases.some((a) => plain(a) === w),
  );
  return spec?.code as Lang | undefined;
}
