/** Date formatting for answers, per language. Instants are shown in the time zone they belong to. */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { de, enGB } from 'date-fns/locale';
import type { Lang } from '../content/types.js';

const locales = { de, enGB } as const;
const localeOf = (lang: Lang) => (lang === 'de' ? locales.de : locales.enGB);

/** "29. November 2026" / "29 November 2026" for a YYYY-MM-DD day. */
export function formatDay(isoDay: string, lang: Lang): string {
  const [y, m, d] = isoDay.split('-').map(Number) as [number, number, number];
  return format(new Date(y, m - 1, d), lang === 'de' ? 'd. MMMM yyyy' : 'd MMMM yyyy', {
    locale: localeOf(lang),
  });
}

/** A source's date: "25.04.2025", "Mai 2025" or "undatiert". */
export function formatSourceDate(value: string, lang: Lang): string {
  if (/^(undatiert|undated)$/.test(value)) return lang === 'de' ? 'undatiert' : 'undated';
  const [y, m, d] = value.split('-').map(Number) as [number, number, number | undefined];
  if (d === undefined) return format(new Date(y, m - 1, 1), 'MMMM yyyy', { locale: localeOf(lang) });
  return format(new Date(y, m - 1, d), lang === 'de' ? 'dd.MM.yyyy' : 'd MMM yyyy', {
    locale: localeOf(lang),
  });
}

/** "27. Mai 2025, 00:00 Uhr" in the given time zone. */
export function formatInstant(instant: Date, timeZone: string, lang: Lang): string {
  const local = new TZDate(instant.getTime(), timeZone);
  return format(local, lang === 'de' ? "d. MMMM yyyy, HH:mm 'Uhr'" : 'd MMMM yyyy, HH:mm', {
    locale: localeOf(lang),
  });
}

/** When a deadline is: its day for a date-only deadline, else its instant in `timeZone`. */
export function formatDeadlineWhen(
  deadline: { readonly at: Date; readonly day?: string | undefined },
  timeZone: string,
  lang: Lang,
): string {
  return deadline.day ? formatDay(deadline.day, lang) : formatInstant(deadline.at, timeZone, lang);
}

/** Replaces {name} placeholders in a UI string. Unknown placeholders stay as they are. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
