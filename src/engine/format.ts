/**
 * Date formatting for answers, per language: the patterns and date-fns locale come from the language
 * registry (src/content/languages.ts). Instants are shown in the time zone they belong to.
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import {
  languageSpec,
  REGISTRY,
  type Lang,
  type LanguageSpec,
  type Languages,
} from '../content/languages.js';

/** The spec of `lang`; an unregistered code (stale data) formats like the default language. */
function specOf(lang: Lang, languages: Languages): LanguageSpec {
  return languageSpec(lang, languages) ?? languageSpec(languages.default, languages) ?? REGISTRY.list[0]!;
}

/** "29. November 2026" / "29 November 2026" for a YYYY-MM-DD day. */
export function formatDay(isoDay: string, lang: Lang, languages: Languages = REGISTRY): string {
  const spec = specOf(lang, languages);
  const [y, m, d] = isoDay.split('-').map(Number) as [number, number, number];
  return format(new Date(y, m - 1, d), spec.dates.day, { locale: spec.locale });
}

/** A source's date: "25.04.2025", "Mai 2025" or "undatiert". */
export function formatSourceDate(value: string, lang: Lang, languages: Languages = REGISTRY): string {
  const spec = specOf(lang, languages);
  if (/^(undatiert|undated)$/.test(value)) return spec.dates.undated;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number | undefined];
  if (d === undefined) return format(new Date(y, m - 1, 1), spec.dates.sourceMonth, { locale: spec.locale });
  return format(new Date(y, m - 1, d), spec.dates.sourceDay, { locale: spec.locale });
}

/**
 * The month the in-app steps come from, as the "Stand" line's sentence needs it (`stepsMonth`; e.g. the
 * Ukrainian genitive after „від“: "від травня 2025"), falling back to the source month's pattern.
 */
export function formatStepsMonth(value: string, lang: Lang, languages: Languages = REGISTRY): string {
  const spec = specOf(lang, languages);
  const [y, m] = value.split('-').map(Number) as [number, number];
  return format(new Date(y, m - 1, 1), spec.dates.stepsMonth ?? spec.dates.sourceMonth, {
    locale: spec.locale,
  });
}

/** "27. Mai 2025, 00:00 Uhr" in the given time zone. */
export function formatInstant(
  instant: Date,
  timeZone: string,
  lang: Lang,
  languages: Languages = REGISTRY,
): string {
  const spec = specOf(lang, languages);
  return format(new TZDate(instant.getTime(), timeZone), spec.dates.instant, { locale: spec.locale });
}

/** When a deadline is: its day for a date-only deadline, else its instant in `timeZone`. */
export function formatDeadlineWhen(
  deadline: { readonly at: Date; readonly day?: string | undefined },
  timeZone: string,
  lang: Lang,
  languages: Languages = REGISTRY,
): string {
  return deadline.day
    ? formatDay(deadline.day, lang, languages)
    : formatInstant(deadline.at, timeZone, lang, languages);
}

/** Replaces {name} placeholders in a UI string. Unknown placeholders stay as they are. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
