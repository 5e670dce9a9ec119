/** The frame every page shares: head with preview tags and alternates, header, main, footer. */
import type { Content, Lang } from '../../content/types.js';
import { escapeHtml } from './html.js';
import { langDir, langLocale } from './lang.js';
import { relativeLink } from './paths.js';

export interface PageAlternate {
  readonly lang: Lang | 'x-default';
  readonly url: string;
}

export interface PageFrame {
  readonly content: Content;
  readonly lang: Lang;
  /** The page's folder relative to the site root ("" for the root, "de/instagram/"). */
  readonly dir: string;
  readonly title: string;
  readonly description: string;
  readonly url: string;
  readonly type: 'website' | 'article';
  readonly alternates: readonly PageAlternate[];
  /** Other languages of this page, for the language switch (relative targets). */
  readonly languageLinks: readonly { readonly lang: Lang; readonly dir: string }[];
  /** The page's main content, HTML. */
  readonly main: string;
  /** Where "home" points (a page folder), and its label. */
  readonly home: { readonly dir: string; readonly label: string };
  readonly footer: string;
}

/** No script, no frame, nothing from another origin: also a second wall behind the escaping. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'";

export function pageHtml(f: PageFrame): string {
  const ui = f.content.ui[f.lang];
  const rel = (dir: string) => escapeHtml(relativeLink(f.dir, dir));
  const alternates = f.alternates
    .map((a) => `<link rel="alternate" hreflang="${a.lang}" href="${escapeHtml(a.url)}">`)
    .join('\n');
  const otherLocales = f.languageLinks
    .map(
      (l) => `<meta property="og:locale:alternate" content="${escapeHtml(langLocale(f.content, l.lang))}">`,
    )
    .join('\n');
  const langNav = f.languageLinks.length
    ? `<nav class="langs" aria-label="${escapeHtml(ui.web_language_nav)}"><ul>${f.languageLinks
        .map(
          (l) =>
            `<li><a href="${rel(l.dir)}" hreflang="${l.lang}" lang="${l.lang}" dir="${langDir(l.lang)}">${escapeHtml(
              f.content.ui[l.lang].web_language_name,
            )}</a></li>`,
        )
        .join('')}</ul></nav>`
    : '';
  // The site's name links home, except on the home page itself; the root page (the language choice) has no header.
  const brand =
    f.home.dir === f.dir
      ? `<span class="home">${escapeHtml(f.home.label)}</span>`
      : `<a class="home" href="${rel(f.home.dir)}">${escapeHtml(f.home.label)}</a>`;
  const header =
    f.dir === '' ? '' : `<header class="site"><div class="wrap">${brand}${langNav}</div></header>`;
  return `<!doctype html>
<html lang="${f.lang}" dir="${langDir(f.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(f.title)}</title>
<meta name="description" content="${escapeHtml(f.description)}">
<link rel="canonical" href="${escapeHtml(f.url)}">
${alternates}
<meta property="og:type" content="${f.type}">
<meta property="og:site_name" content="${escapeHtml(ui.web_site_title)}">
<meta property="og:title" content="${escapeHtml(f.title)}">
<meta property="og:description" content="${escapeHtml(f.description)}">
<meta property="og:url" content="${escapeHtml(f.url)}">
<meta property="og:locale" content="${escapeHtml(langLocale(f.content, f.lang))}">
${otherLocales}
<link rel="stylesheet" href="${rel('')}style.css">
</head>
<body>
${header}
<main><div class="wrap">
${f.main}
</div></main>
<footer class="site"><div class="wrap">${f.footer}</div></footer>
</body>
</html>
`;
}
