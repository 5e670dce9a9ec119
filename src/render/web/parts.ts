/**
 * Pieces the web guide's pages share (the site builder, the deadlines page and the letter pages): the
 * options, links to the bot, topic links from a reply's buttons, the language switch and the footer.
 */
import type { Content, Lang } from '../../content/types.js';
import { decodeAction } from '../../message/actions.js';
import type { Button } from '../../message/model.js';
import { escapeHtml, type WebInlineOptions } from './html.js';
import { MENU_TOPIC, relativeLink, topicDir } from './paths.js';

export interface WebBots {
  /** Telegram username without "@". */
  readonly telegram?: string | undefined;
  /** Matrix user id, e.g. @bot:example.org. */
  readonly matrix?: string | undefined;
}

export interface WebSiteOptions {
  /** https://… without a trailing slash. */
  readonly baseUrl: string;
  readonly bots?: WebBots | undefined;
  /** Which deadlines are still open (the calendar feed lists only these); the build's time by default. */
  readonly now?: Date | undefined;
}

/** The bot's addresses as links (Telegram opens on the topic), for the `self` inline and "Frag den Bot". */
function botLinks(
  bots: WebBots | undefined,
  topicId: string,
): { label: string; href: string; name: string }[] {
  const out: { label: string; href: string; name: string }[] = [];
  if (bots?.telegram) {
    const start = topicId === MENU_TOPIC ? '' : `?start=${encodeURIComponent(topicId)}`;
    out.push({ name: 'Telegram', label: `@${bots.telegram}`, href: `https://t.me/${bots.telegram}${start}` });
  }
  if (bots?.matrix)
    out.push({
      name: 'Matrix',
      label: bots.matrix,
      href: `https://matrix.to/#/${bots.matrix}`,
    });
  return out;
}

export function inlineOptions(bots: WebBots | undefined, topicId: string): WebInlineOptions {
  return {
    selfHtml: botLinks(bots, topicId)
      .map((b) => `<a href="${escapeHtml(b.href)}">${escapeHtml(b.label)}</a>`)
      .join(' · '),
  };
}

export function askBotSection(
  content: Content,
  lang: Lang,
  bots: WebBots | undefined,
  topicId: string,
): string {
  const links = botLinks(bots, topicId);
  if (!links.length) return '';
  const ui = content.ui[lang];
  const items = links
    .map((b) => `<li>${b.name}: <a href="${escapeHtml(b.href)}">${escapeHtml(b.label)}</a></li>`)
    .join('');
  return `<section class="ask" aria-labelledby="ask"><h2 id="ask">${escapeHtml(ui.web_ask_bot)}</h2><p>${escapeHtml(
    ui.web_ask_bot_text,
  )}</p><ul>${items}</ul></section>`;
}

/**
 * A button label as link text: without the leading emoji, which screen readers spell out ("camera with
 * flash") and which a list of links does not need.
 */
export function linkLabel(label: string): string {
  return label.replace(/^[\p{Extended_Pictographic}\p{So}\uFE0F\u200D\s]+/u, '').trim() || label;
}

/** Links to topics from a reply's topic buttons, reusing the engine's choice and labels. */
export function topicLinks(
  buttons: readonly (readonly Button[])[],
  fromDir: string,
  lang: Lang,
  content: Content,
  withSummary: boolean,
): { html: string; topics: string[] } {
  const topics: string[] = [];
  const items: string[] = [];
  for (const b of buttons.flat()) {
    if (b.kind !== 'action') continue;
    const action = decodeAction(b.action);
    if (action?.type !== 'topic' || topics.includes(action.topic) || !content.topics.has(action.topic))
      continue;
    topics.push(action.topic);
    const href = relativeLink(fromDir, topicDir(lang, action.topic));
    const summary = withSummary
      ? `<span class="summary">${escapeHtml(content.topics.get(action.topic)!.text[lang].summary)}</span>`
      : '';
    items.push(`<li><a href="${escapeHtml(href)}">${escapeHtml(linkLabel(b.label))}</a>${summary}</li>`);
  }
  return { html: items.join(''), topics };
}

export function languageLinks(langs: readonly Lang[], lang: Lang, topicId: string) {
  return langs.filter((l) => l !== lang).map((l) => ({ lang: l, dir: topicDir(l, topicId) }));
}

export function siteFooter(content: Content, lang: Lang, fromDir: string): string {
  const ui = content.ui[lang];
  return `<p class="nav"><a href="${escapeHtml(relativeLink(fromDir, topicDir(lang, MENU_TOPIC)))}">${escapeHtml(
    ui.web_all_topics,
  )}</a></p><p>${escapeHtml(ui.web_privacy)}</p>`;
}
