/**
 * The deadlines as iCalendar (RFC 5545), written by ical-generator: one feed per language with every open
 * deadline (`<lang>/fristen.ics`, to subscribe to) and one file per deadline (`<lang>/fristen/<id>.ics`, to
 * add that one date). Nothing in the output comes from the clock: DTSTAMP is the deadline list's `checked`
 * day, so the same content gives the same bytes, and each event's UID is built from the
 * deadline's id, so an edited deadline replaces itself in a subscriber's calendar and a removed one goes.
 *
 * A day without a time is an all-day event (a floating date: the reader's own day). A deadline with a time
 * is written in UTC, the one form every calendar reads the same way. Alarms follow the bot's reminders:
 * 10:00 on the day N days before (`remind_days_before`), never at or after the deadline itself.
 */
import ical, { ICalAlarmType, type ICalCalendar } from 'ical-generator';
import type { Content, Deadline, Lang } from '../../content/types.js';
import { deadlineAlarms, type DeadlineAlarm } from '../../content/deadline-feed.js';
import { plainInline, type Block } from '../../message/model.js';
import { deadlinesDir, topicUrl } from './paths.js';

/** The feed of all open deadlines of a language, relative to the site root. */
export const feedPath = (lang: Lang): string => `${deadlinesDir(lang).slice(0, -1)}.ics`;
/** The single-event file of one deadline. */
export const eventPath = (lang: Lang, id: string): string => `${deadlinesDir(lang)}${id}.ics`;

export const ICS_TYPE = 'text/calendar; charset=utf-8';

/** webcal:// for the subscribe link (calendar apps open it), from an http(s) address. */
export function webcalUrl(httpsUrl: string): string {
  return httpsUrl.replace(/^https?:\/\//, 'webcal://');
}

/** Deadlines that have not begun at `now` (the feed lists only these). */
export function openDeadlines(content: Content, now: Date): Deadline[] {
  return content.deadlines.filter((d) => d.at.getTime() > now.getTime());
}

function plainBlocks(blocks: readonly Block[]): string {
  return blocks
    .map((b) =>
      b.kind === 'list'
        ? b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : '•'} ${plainText(item)}`).join('\n')
        : plainText(b.content),
    )
    .join('\n\n');
}

function plainText(nodes: Parameters<typeof plainInline>[0]): string {
  // Links keep their address in the text: a calendar shows the description as plain text.
  return nodes
    .map((n) =>
      n.kind === 'link' && plainInline(n.children) !== n.href
        ? `${plainInline(n.children)} <${n.href}>`
        : plainInline([n]),
    )
    .join('');
}

/**
 * The event's DTSTAMP: the day the deadline list was last compared with its sources (deadlines.yaml's
 * `checked`), else the newest review day of the deadline's topics: content, never the clock.
 */
function stampOf(content: Content, d: Deadline, lang: Lang): Date {
  if (content.deadlinesChecked) return new Date(`${content.deadlinesChecked}T00:00:00Z`);
  const days = d.topics
    .map((t) => content.topics.get(t)?.text[lang].checked)
    .filter((x): x is string => Boolean(x))
    .sort();
  const day = days.at(-1) ?? d.day ?? d.at.toISOString().slice(0, 10);
  return new Date(`${day}T00:00:00Z`);
}

/** A stable, globally unique id per deadline and language. */
export function eventUid(d: Deadline, lang: Lang, baseUrl: string): string {
  return `deadline-${d.id}-${lang}@${new URL(baseUrl).host}`;
}

function addEvent(cal: ICalCalendar, content: Content, d: Deadline, lang: Lang, baseUrl: string): void {
  const ui = content.ui[lang];
  const pages = d.topics.filter((t) => content.topics.has(t));
  const lines = [
    plainBlocks(d.text[lang]),
    pages.map((t) => `${content.topics.get(t)!.text[lang].title}: ${topicUrl(baseUrl, lang, t)}`).join('\n'),
    pages.length ? `${ui.sources_label}: ${topicUrl(baseUrl, lang, pages[0]!)}#sources` : '',
  ].filter(Boolean);
  const event = cal.createEvent({
    id: eventUid(d, lang, baseUrl),
    stamp: stampOf(content, d, lang),
    summary: d.title[lang],
    description: lines.join('\n\n'),
    ...(pages.length ? { url: topicUrl(baseUrl, lang, pages[0]!) } : {}),
    ...(d.day ? { start: allDayDate(d.day), allDay: true } : { start: d.at }),
  });
  for (const alarm of deadlineAlarms(d)) addAlarm(event, alarm, d.title[lang]);
}

/** The day at 00:00 UTC: without a calendar time zone ical-generator writes an all-day date from UTC fields. */
function allDayDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function addAlarm(event: ReturnType<ICalCalendar['createEvent']>, alarm: DeadlineAlarm, title: string): void {
  // ical-generator: a positive number is seconds *before* the start, a negative one seconds after it.
  event.createAlarm({ type: ICalAlarmType.display, trigger: alarm.secondsBefore, description: title });
}

function calendar(content: Content, lang: Lang): ICalCalendar {
  const ui = content.ui[lang];
  return ical({
    name: `${ui.web_site_title} – ${ui.deadline_heading}`,
    description: ui.web_site_description,
    prodId: { company: 'ki-widerspruch-bot', product: 'fristen', language: lang.toUpperCase() },
    ttl: 24 * 60 * 60,
  });
}

/** The feed of every open deadline in one language. */
export function deadlinesFeed(
  content: Content,
  lang: Lang,
  deadlines: readonly Deadline[],
  baseUrl: string,
): string {
  const cal = calendar(content, lang);
  for (const d of deadlines) addEvent(cal, content, d, lang, baseUrl);
  return withFinalLineBreak(cal.toString());
}

/** One deadline as a calendar file of its own ("add this one date"); same UID as in the feed. */
export function deadlineEvent(content: Content, lang: Lang, d: Deadline, baseUrl: string): string {
  const cal = calendar(content, lang);
  addEvent(cal, content, d, lang, baseUrl);
  return withFinalLineBreak(cal.toString());
}

/** RFC 5545 ends every content line with CRLF, the last one too; ical-generator leaves the last one open. */
function withFinalLineBreak(ics: string): string {
  return ics.endsWith('\r\n') ? ics : `${ics}\r\n`;
}
