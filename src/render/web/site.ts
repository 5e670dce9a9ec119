/**
 * The web guide: every topic in every language as a static page, rendered from the same composed replies
 * the bots send (composeTopic, composeSources, menuButtons), plus the language choice, sitemap, robots.txt,
 * the stylesheet and a QR code per page. Pure of content and options; the build CLI writes the files and
 * the HTTP server serves them from memory.
 */
import { createHash } from 'node:crypto';
import { codesOf } from '../../content/languages.js';
import { DEFAULT_LANG, type Content, type Lang, type Topic } from '../../content/types.js';
import { composeSources, composeTopic, footerBlocks, menuButtons, standText } from '../../engine/compose.js';
import { decodeAction } from '../../message/actions.js';
import type { Block, Button, Reply } from '../../message/model.js';
import { blocksHtml, escapeHtml, inlineHtml, type WebInlineOptions } from './html.js';
import { langDir } from './lang.js';
import { pageHtml, type PageAlternate } from './page.js';
import { MENU_TOPIC, relativeLink, topicDir, topicUrl } from './paths.js';
import { qrSvg } from './qr.js';
import { STYLESHEET } from './style.js';

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
}

interface WebFile {
  readonly body: Buffer;
  readonly type: string;
  /** Strong validator for HTTP caching (quoted). */
  readonly etag: string;
}

/** Relative path ("de/instagram/index.html") → file. */
export type WebSite = ReadonlyMap<string, WebFile>;

const HTML = 'text/html; charset=utf-8';

/** The languages of the content in page order: the default language first. */
function webLangs(content: Content): Lang[] {
  const langs = codesOf(content.languages);
  const first = content.languages.default;
  return [first, ...langs.filter((l) => l !== first)];
}

/** Every topic that gets a page of its own (the start topic is the menu page). */
export function pageTopics(content: Content): Topic[] {
  return [...content.topics.values()].filter((t) => t.id !== MENU_TOPIC);
}

export async function buildWebSite(content: Content, opts: WebSiteOptions): Promise<WebSite> {
  const files = new Map<string, WebFile>();
  const put = (path: string, body: string, type: string) => {
    const buf = Buffer.from(body, 'utf8');
    const etag = `"${createHash('sha256').update(buf).digest('base64url').slice(0, 22)}"`;
    files.set(path, { body: buf, type, etag });
  };
  const langs = webLangs(content);
  const sitemap: string[] = [];

  put('style.css', STYLESHEET, 'text/css; charset=utf-8');
  put('index.html', rootPage(content, opts, langs), HTML);
  sitemap.push(sitemapEntry(`${opts.baseUrl}/`, rootAlternates(opts, langs)));

  for (const lang of langs) {
    const menuDir = topicDir(lang, MENU_TOPIC);
    put(`${menuDir}index.html`, menuPage(content, opts, lang, langs), HTML);
    put(`${menuDir}qr.svg`, await qrSvg(topicUrl(opts.baseUrl, lang, MENU_TOPIC)), 'image/svg+xml');
    sitemap.push(sitemapEntry(topicUrl(opts.baseUrl, lang, MENU_TOPIC), menuAlternates(opts, langs)));
    for (const topic of pageTopics(content)) {
      const dir = topicDir(lang, topic.id);
      put(`${dir}index.html`, topicPage(content, opts, topic, lang, langs), HTML);
      put(`${dir}qr.svg`, await qrSvg(topicUrl(opts.baseUrl, lang, topic.id)), 'image/svg+xml');
      sitemap.push(
        sitemapEntry(
          topicUrl(opts.baseUrl, lang, topic.id),
          topicAlternates(opts, topic.id, langs),
          topic.text[lang].checked,
        ),
      );
    }
  }
  put(
    'sitemap.xml',
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${sitemap.join('\n')}\n</urlset>\n`,
    'application/xml; charset=utf-8',
  );
  put(
    'robots.txt',
    `User-agent: *\nAllow: /\nSitemap: ${opts.baseUrl}/sitemap.xml\n`,
    'text/plain; charset=utf-8',
  );
  return files;
}

function sitemapEntry(loc: string, alternates: readonly PageAlternate[], lastmod?: string): string {
  const links = alternates
    .map((a) => `<xhtml:link rel="alternate" hreflang="${a.lang}" href="${escapeHtml(a.url)}"/>`)
    .join('');
  return `<url><loc>${escapeHtml(loc)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}${links}</url>`;
}

function rootAlternates(opts: WebSiteOptions, langs: readonly Lang[]): PageAlternate[] {
  return menuAlternates(opts, langs);
}

function menuAlternates(opts: WebSiteOptions, langs: readonly Lang[]): PageAlternate[] {
  return [
    ...langs.map((lang) => ({ lang, url: topicUrl(opts.baseUrl, lang, MENU_TOPIC) })),
    { lang: 'x-default' as const, url: `${opts.baseUrl}/` },
  ];
}

function topicAlternates(opts: WebSiteOptions, topicId: string, langs: readonly Lang[]): PageAlternate[] {
  return [
    ...langs.map((lang) => ({ lang, url: topicUrl(opts.baseUrl, lang, topicId) })),
    { lang: 'x-default' as const, url: topicUrl(opts.baseUrl, DEFAULT_LANG, topicId) },
  ];
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

function inlineOptions(bots: WebBots | undefined, topicId: string): WebInlineOptions {
  return {
    selfHtml: botLinks(bots, topicId)
      .map((b) => `<a href="${escapeHtml(b.href)}">${escapeHtml(b.label)}</a>`)
      .join(' · '),
  };
}

function askBotSection(content: Content, lang: Lang, bots: WebBots | undefined, topicId: string): string {
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
function linkLabel(label: string): string {
  return label.replace(/^[\p{Extended_Pictographic}\p{So}\uFE0F\u200D\s]+/u, '').trim() || label;
}

/** Links to topics from a reply's topic buttons, reusing the engine's choice and labels. */
function topicLinks(
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

function languageLinks(langs: readonly Lang[], lang: Lang, topicId: string) {
  return langs.filter((l) => l !== lang).map((l) => ({ lang: l, dir: topicDir(l, topicId) }));
}

function qrFigure(content: Content, lang: Lang, url: string): string {
  const ui = content.ui[lang];
  return `<figure class="qr"><img src="qr.svg" width="120" height="120" alt="${escapeHtml(
    ui.web_qr,
  )}"><figcaption>${escapeHtml(ui.web_qr)}:<span class="url">${escapeHtml(url)}</span></figcaption></figure>`;
}

function siteFooter(content: Content, lang: Lang, fromDir: string): string {
  const ui = content.ui[lang];
  return `<p class="nav"><a href="${escapeHtml(relativeLink(fromDir, topicDir(lang, MENU_TOPIC)))}">${escapeHtml(
    ui.web_all_topics,
  )}</a></p><p>${escapeHtml(ui.web_privacy)}</p>`;
}

/** Splits a composed topic reply into its title and body; the bot's closing lines are left out here. */
function topicParts(
  content: Content,
  topic: Topic,
  lang: Lang,
): { reply: Reply; title: Block; body: Block[] } {
  const t = topic.text[lang];
  const reply = composeTopic(content, topic, lang);
  const closing = footerBlocks(content, lang, t).length;
  const [title, ...rest] = reply.blocks;
  return { reply, title: title!, body: rest.slice(0, rest.length - closing) };
}

function topicPage(
  content: Content,
  opts: WebSiteOptions,
  topic: Topic,
  lang: Lang,
  langs: readonly Lang[],
): string {
  const t = topic.text[lang];
  const ui = content.ui[lang];
  const dir = topicDir(lang, topic.id);
  const url = topicUrl(opts.baseUrl, lang, topic.id);
  const inline = { ...inlineOptions(opts.bots, topic.id), rtl: langDir(lang) === 'rtl' };
  const { reply, title, body } = topicParts(content, topic, lang);
  const sources = composeSources(content, topic, lang).blocks.filter((b) => b.kind === 'list');
  const related = topicLinks(reply.buttons, dir, lang, content, false);
  const title1 = title.kind === 'heading' ? inlineHtml(title.content, inline) : escapeHtml(t.title);
  const main = [
    `<article>`,
    `<h1>${title1}</h1>`,
    `<p class="stand"><strong>${escapeHtml(standText(content, lang, t))}</strong></p>`,
    blocksHtml(body, inline),
    sources.length
      ? `<section class="sources" aria-labelledby="sources"><h2 id="sources">${escapeHtml(ui.sources_label)}</h2>${blocksHtml(sources, inline)}</section>`
      : '',
    related.html
      ? `<section class="related" aria-labelledby="related"><h2 id="related">${escapeHtml(ui.web_related)}</h2><ul>${related.html}</ul></section>`
      : '',
    askBotSection(content, lang, opts.bots, topic.id),
    qrFigure(content, lang, url),
    `</article>`,
  ].join('\n');
  return pageHtml({
    content,
    lang,
    dir,
    title: `${t.title} – ${ui.web_site_title}`,
    description: t.summary,
    url,
    type: 'article',
    alternates: topicAlternates(opts, topic.id, langs),
    languageLinks: languageLinks(langs, lang, topic.id),
    main,
    home: { dir: topicDir(lang, MENU_TOPIC), label: ui.web_site_title },
    footer: siteFooter(content, lang, dir),
  });
}

function menuPage(content: Content, opts: WebSiteOptions, lang: Lang, langs: readonly Lang[]): string {
  const ui = content.ui[lang];
  const start = content.topics.get(MENU_TOPIC);
  const dir = topicDir(lang, MENU_TOPIC);
  const url = topicUrl(opts.baseUrl, lang, MENU_TOPIC);
  const listed = topicLinks(menuButtons(content, lang), dir, lang, content, true);
  // Topics the menu's buttons leave out still get a link, so every page is reachable.
  const rest = pageTopics(content)
    .filter((t) => !listed.topics.includes(t.id))
    .map(
      (t) =>
        `<li><a href="${escapeHtml(relativeLink(dir, topicDir(lang, t.id)))}">${escapeHtml(linkLabel(t.text[lang].button))}</a><span class="summary">${escapeHtml(t.text[lang].summary)}</span></li>`,
    )
    .join('');
  const title = start?.text[lang].title ?? ui.web_site_title;
  const main = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>${escapeHtml(ui.web_menu_intro)}</p>`,
    `<nav aria-labelledby="topics"><h2 id="topics">${escapeHtml(ui.web_all_topics)}</h2><ul class="topics">${listed.html}${rest}</ul></nav>`,
    askBotSection(content, lang, opts.bots, MENU_TOPIC),
    qrFigure(content, lang, url),
  ].join('\n');
  return pageHtml({
    content,
    lang,
    dir,
    title: `${ui.web_site_title}: ${ui.web_all_topics}`,
    description: ui.web_site_description,
    url,
    type: 'website',
    alternates: menuAlternates(opts, langs),
    languageLinks: languageLinks(langs, lang, MENU_TOPIC),
    main,
    home: { dir, label: ui.web_site_title },
    footer: `<p>${escapeHtml(ui.web_privacy)}</p>`,
  });
}

function rootPage(content: Content, opts: WebSiteOptions, langs: readonly Lang[]): string {
  const lang = langs[0]!;
  const ui = content.ui[lang];
  const items = langs
    .map((l) => {
      const u = content.ui[l];
      return `<li lang="${l}"><a href="${escapeHtml(topicDir(l, MENU_TOPIC))}" hreflang="${l}">${escapeHtml(
        u.web_language_name,
      )}</a><span class="summary">${escapeHtml(u.web_site_description)}</span></li>`;
    })
    .join('');
  const main = [
    `<h1>${escapeHtml(ui.web_site_title)}</h1>`,
    `<nav aria-labelledby="choose"><h2 id="choose">${langs
      .map((l) => `<span lang="${l}">${escapeHtml(content.ui[l].web_choose_language)}</span>`)
      .join(' · ')}</h2><ul class="topics choice">${items}</ul></nav>`,
  ].join('\n');
  return pageHtml({
    content,
    lang,
    dir: '',
    title: langs.map((l) => content.ui[l].web_site_title).join(' · '),
    description: ui.web_site_description,
    url: `${opts.baseUrl}/`,
    type: 'website',
    alternates: rootAlternates(opts, langs),
    languageLinks: [],
    main,
    home: { dir: '', label: ui.web_site_title },
    footer: langs.map((l) => `<p lang="${l}">${escapeHtml(content.ui[l].web_privacy)}</p>`).join(''),
  });
}
