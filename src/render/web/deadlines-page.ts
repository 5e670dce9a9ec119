/**
 * The deadlines on the web: /<lang>/fristen/ says what /frist says in the chats, with "subscribe in your
 * calendar" (webcal:// and https, and a QR code for phones) and "add this one date" per open deadline; the
 * same calendar box sits on every topic page a deadline names. The calendar files themselves come from
 * ics.ts.
 */
import type { Content, Deadline, Lang } from '../../content/types.js';
import { composeDeadline } from '../../engine/deadline-answer.js';
import { formatDeadlineWhen } from '../../engine/format.js';
import { blocksHtml, escapeHtml } from './html.js';
import {
  deadlineEvent,
  deadlinesFeed,
  eventPath,
  feedPath,
  ICS_TYPE,
  openDeadlines,
  webcalUrl,
} from './ics.js';
import { langDir } from './lang.js';
import { pageHtml, type PageAlternate } from './page.js';
import { deadlinesDir, MENU_TOPIC, relativeLink, topicDir } from './paths.js';
import { qrSvg } from './qr.js';
import {
  askBotSection,
  inlineOptions,
  languageLinks,
  siteFooter,
  topicLinks,
  type WebSiteOptions,
} from './parts.js';

type Put = (path: string, body: string, type: string) => void;

/** The feed, one file per open deadline, the deadlines page and its QR code, for one language. */
export async function putDeadlinePages(
  content: Content,
  opts: WebSiteOptions,
  lang: Lang,
  langs: readonly Lang[],
  now: Date,
  put: Put,
): Promise<void> {
  const open = openDeadlines(content, now);
  put(feedPath(lang), deadlinesFeed(content, lang, open, opts.baseUrl), ICS_TYPE);
  for (const d of open) put(eventPath(lang, d.id), deadlineEvent(content, lang, d, opts.baseUrl), ICS_TYPE);
  const dir = deadlinesDir(lang);
  put(`${dir}index.html`, deadlinesPage(content, opts, lang, langs, now), 'text/html; charset=utf-8');
  put(`${dir}qr.svg`, await qrSvg(webcalUrl(`${opts.baseUrl}/${feedPath(lang)}`)), 'image/svg+xml');
}

export const deadlinesUrl = (baseUrl: string, lang: Lang): string => `${baseUrl}/${deadlinesDir(lang)}`;

export function deadlinesAlternates(opts: WebSiteOptions, langs: readonly Lang[]): PageAlternate[] {
  return [
    ...langs.map((lang) => ({ lang, url: deadlinesUrl(opts.baseUrl, lang) })),
    { lang: 'x-default' as const, url: deadlinesUrl(opts.baseUrl, langs[0]!) },
  ];
}

/**
 * "In your calendar": subscribe (webcal:// and the https address) and, per open deadline given, add that
 * one date. `qr` adds the phone QR code (the deadlines page has one; topic pages link there instead).
 */
export function calendarSection(
  content: Content,
  opts: WebSiteOptions,
  lang: Lang,
  fromDir: string,
  open: readonly Deadline[],
  qr: boolean,
): string {
  const ui = content.ui[lang];
  const feed = `${opts.baseUrl}/${feedPath(lang)}`;
  const one = open
    .map(
      (d) =>
        `<li><strong>${escapeHtml(d.title[lang])}</strong> (${escapeHtml(
          formatDeadlineWhen(d, d.timezone, lang, content.languages),
        )}): <a href="${escapeHtml(relativeLink(fromDir, deadlinesDir(lang)))}${escapeHtml(`${d.id}.ics`)}" type="text/calendar">${escapeHtml(ui.web_calendar_add_one)}</a></li>`,
    )
    .join('');
  const figure = qr
    ? `<figure class="qr"><img src="qr.svg" width="120" height="120" alt="${escapeHtml(
        ui.web_calendar_qr,
      )}"><figcaption>${escapeHtml(ui.web_calendar_qr)}:<span class="url">${escapeHtml(webcalUrl(feed))}</span></figcaption></figure>`
    : '';
  return [
    `<section class="calendar" aria-labelledby="calendar"><h2 id="calendar">${escapeHtml(ui.web_calendar_heading)}</h2>`,
    `<p>${escapeHtml(ui.web_calendar_text)}</p>`,
    `<p class="subscribe"><a href="${escapeHtml(webcalUrl(feed))}">${escapeHtml(ui.web_calendar_subscribe)}</a></p>`,
    `<p>${escapeHtml(ui.web_calendar_address)} <a class="url" href="${escapeHtml(feed)}" type="text/calendar">${escapeHtml(feed)}</a></p>`,
    one ? `<ul>${one}</ul>` : '',
    figure,
    `</section>`,
  ].join('\n');
}

function deadlinesPage(
  content: Content,
  opts: WebSiteOptions,
  lang: Lang,
  langs: readonly Lang[],
  now: Date,
): string {
  const ui = content.ui[lang];
  const dir = deadlinesDir(lang);
  // The same answer as /frist in the chats (without its link back to this page).
  const reply = composeDeadline(content, lang, now);
  const [title, ...body] = reply.blocks;
  const inline = { ...inlineOptions(opts.bots, MENU_TOPIC), rtl: langDir(lang) === 'rtl' };
  const related = topicLinks(reply.buttons, dir, lang, content, false);
  const heading =
    title?.kind === 'heading'
      ? blocksHtml([title], inline, 1)
      : `<h1>${escapeHtml(ui.deadline_heading)}</h1>`;
  const main = [
    heading,
    blocksHtml(body, inline),
    calendarSection(content, opts, lang, dir, openDeadlines(content, now), true),
    related.html
      ? `<section class="related" aria-labelledby="related"><h2 id="related">${escapeHtml(ui.web_related)}</h2><ul>${related.html}</ul></section>`
      : '',
    askBotSection(content, lang, opts.bots, MENU_TOPIC),
  ].join('\n');
  return pageHtml({
    content,
    lang,
    dir,
    title: `${ui.deadline_heading} – ${ui.web_site_title}`,
    description: ui.web_calendar_text,
    url: deadlinesUrl(opts.baseUrl, lang),
    type: 'website',
    alternates: deadlinesAlternates(opts, langs),
    languageLinks: languageLinks(langs, lang, MENU_TOPIC).map((l) => ({
      lang: l.lang,
      dir: deadlinesDir(l.lang),
    })),
    main,
    home: { dir: topicDir(lang, MENU_TOPIC), label: ui.web_site_title },
    footer: siteFooter(content, lang, dir),
  });
}
