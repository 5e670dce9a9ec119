/**
 * How old each topic's review is: the days since its `checked` date. Topics older than CONTENT_STALE_DAYS
 * are "stale": content:check warns about them, the bot exposes the ages as a metric and tells its admins
 * once a week.
 */
import type { ContentIssue } from './errors.js';
import { codesOf } from './languages.js';
import type { Content, Lang } from './types.js';

const DAY_MS = 86_400_000;

export interface TopicAge {
  readonly topic: string;
  readonly lang: Lang;
  readonly file: string;
  /** YYYY-MM-DD, as written in the file. */
  readonly checked: string;
  /** Whole days from `checked` to today (UTC calendar days). */
  readonly days: number;
}

/** Whole calendar days (UTC) from the day `isoDay` to the day of `now`; negative for a future day. */
export function daysSince(isoDay: string, now: Date): number {
  const [y, m, d] = isoDay.split('-').map(Number) as [number, number, number];
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((today - Date.UTC(y, m - 1, d)) / DAY_MS);
}

/** Every topic file with the age of its review, in topic order. */
export function topicAges(content: Content, now: Date): TopicAge[] {
  const ages: TopicAge[] = [];
  for (const topic of content.topics.values())
    for (const lang of codesOf(content.languages)) {
      const t = topic.text[lang];
      ages.push({ topic: topic.id, lang, file: t.file, checked: t.checked, days: daysSince(t.checked, now) });
    }
  return ages;
}

/** Topic files whose review is more than `maxDays` days old, oldest first. */
export function staleTopics(content: Content, now: Date, maxDays: number): TopicAge[] {
  return topicAges(content, now)
    .filter((a) => a.days > maxDays)
    .sort((a, b) => b.days - a.days || a.file.localeCompare(b.file));
}

/** The warnings content:check prints for stale topics. */
export function staleWarnings(content: Content, now: Date, maxDays: number): ContentIssue[] {
  return staleTopics(content, now, maxDays).map((a) => ({
    file: a.file,
    field: 'checked',
    message: `${a.checked} is ${a.days} days ago, more than CONTENT_STALE_DAYS (${maxDays}): compare the text with its sources again and update "checked"`,
  }));
}
