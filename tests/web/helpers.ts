/** Shared by the web tests: the built site of the real content, and pulling tags out of a page. */
import { realContent } from '../helpers/content.js';
import type { Content } from '../../src/content/types.js';
import { buildWebSite, type WebBots, type WebSite } from '../../src/render/web/site.js';

export const BASE = 'https://guide.example.org';
export const BOTS: WebBots = { telegram: 'KiWiderspruchBot', matrix: '@ki-widerspruch:example.org' };

export function build(content: Content = realContent(), bots: WebBots | null = BOTS): Promise<WebSite> {
  return buildWebSite(content, { baseUrl: BASE, bots: bots ?? undefined });
}

export function text(site: WebSite, path: string): string {
  const file = site.get(path);
  if (!file) throw new Error(`no ${path} in the site`);
  return file.body.toString('utf8');
}

/** The values of one attribute on every tag matching `tag` (a small regex reader, enough for our HTML). */
export function attrs(html: string, tag: RegExp, attr: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(new RegExp(`<${tag.source}(?=[\\s>])[^>]*>`, 'g'))) {
    const v = new RegExp(`\\s${attr}="([^"]*)"`).exec(m[0]);
    if (v) out.push(v[1]!.replace(/&amp;/g, '&'));
  }
  return out;
}

export function meta(html: string, property: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<meta\s[^>]*>/g)) {
    if (m[0].includes(`property="${property}"`) || m[0].includes(`name="${property}"`))
      out.push(/content="([^"]*)"/.exec(m[0])?.[1] ?? '');
  }
  return out;
}
