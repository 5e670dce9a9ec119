import { formatDay } from '../../src/engine/format.js';
import { describe, expect, it } from 'vitest';
import { realContent } from '../helpers/content.js';
import { LANGS, type Content } from '../../src/content/types.js';
import { lettersOf } from '../../src/content/letters.js';
import { pageTopics } from '../../src/render/web/site.js';
import { langDir, langLocale } from '../../src/render/web/lang.js';
import { escapeHtml } from '../../src/render/web/html.js';
import { attrs, BASE, build, meta, text } from './helpers.js';

const content = realContent();
const site = await build();
const pages = [...site.keys()].filter((p) => p.endsWith('.html'));

describe('the web guide', () => {
  it('has a page for every topic in every language, the menus, the language choice and the extras', () => {
    for (const lang of LANGS) {
      expect(site.has(`${lang}/index.html`)).toBe(true);
      for (const topic of pageTopics(content)) {
        expect(site.has(`${lang}/${topic.id}/index.html`)).toBe(true);
        expect(text(site, `${lang}/${topic.id}/qr.svg`)).toMatch(
          /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/,
        );
      }
    }
    for (const f of ['index.html', 'style.css', 'sitemap.xml', 'robots.txt']) expect(site.has(f)).toBe(true);
    // Per language: the menu, one page per topic and the deadlines page (/<lang>/fristen/).
    for (const lang of LANGS) expect(site.has(`${lang}/fristen/index.html`)).toBe(true);
    // ... and one more page per further objection letter (/<lang>/brief/<id>/).
    for (const lang of LANGS) expect(site.has(`${lang}/brief/whatsapp/index.html`)).toBe(true);
    const furtherLetters = lettersOf(content).length - 1;
    expect(pages).toHaveLength(1 + LANGS.length * (pageTopics(content).length + 2 + furtherLetters));
  });

  it('puts German first on the language choice', () => {
    const root = text(site, 'index.html');
    expect(root).toMatch(/<html lang="de"/);
    expect(root.indexOf('href="de/"')).toBeLessThan(root.indexOf('href="en/"'));
  });

  it('gives every page lang, dir, one h1, a viewport, canonical, preview tags and hreflang alternates', () => {
    for (const path of pages) {
      const html = text(site, path);
      const lang = path === 'index.html' ? 'de' : (path.split('/')[0] as (typeof LANGS)[number]);
      const url = `${BASE}/${path.replace(/index\.html$/, '')}`;
      expect(html, path).toContain(`<html lang="${lang}" dir="${langDir(lang)}">`);
      expect(html.match(/<h1[\s>]/g), path).toHaveLength(1);
      expect(meta(html, 'viewport')).toEqual(['width=device-width, initial-scale=1']);
      expect(attrs(html, /link rel="canonical"/, 'href')).toEqual([url]);
      expect(meta(html, 'og:url')).toEqual([url]);
      expect(meta(html, 'og:title')[0]).toBeTruthy();
      expect(meta(html, 'og:description')[0]).toBeTruthy();
      expect(meta(html, 'og:locale')).toEqual([langLocale(content, lang)]);
      expect(meta(html, 'og:type')[0]).toMatch(/^(website|article)$/);
      expect(meta(html, 'og:image')).toEqual([]);
      const hreflangs = attrs(html, /link rel="alternate"/, 'hreflang');
      expect(hreflangs.sort()).toEqual([...LANGS, 'x-default'].sort());
      for (const alt of attrs(html, /link rel="alternate"/, 'href'))
        expect(alt.startsWith(`${BASE}/`)).toBe(true);
    }
  });

  it('keeps every page with its stylesheet and QR code under 60 KB and loads nothing from elsewhere', () => {
    const css = site.get('style.css')!.body.length;
    for (const path of pages) {
      const html = text(site, path);
      const dir = path.replace(/index\.html$/, '');
      const qr = site.get(`${dir}qr.svg`)?.body.length ?? 0;
      expect(site.get(path)!.body.length + css + qr, path).toBeLessThan(60 * 1024);
      expect(html).not.toMatch(/<script|<iframe|@import|url\(/i);
      for (const src of [...attrs(html, /img/, 'src'), ...attrs(html, /link rel="stylesheet"/, 'href')])
        expect(src, path).not.toMatch(/^[a-z]+:|^\/\//i);
    }
  });

  it('shows title, Stand, text, sources with links, related topics and the bots on a topic page', () => {
    const t = content.topics.get('instagram')!.text.de;
    const html = text(site, 'de/instagram/index.html');
    expect(html).toContain(`<h1>${t.title}</h1>`);
    expect(html).toContain(`Stand: Quellen geprüft am ${formatDay(t.checked, 'de')}`);
    expect(html).toMatch(/<ol><li>/);
    for (const s of t.sources.filter((s) => s.url)) expect(html).toContain(`href="${s.url}"`);
    for (const id of t.related) expect(html).toContain(`href="../${id}/"`);
    expect(html).toContain('href="https://t.me/KiWiderspruchBot?start=instagram"');
    expect(html).toContain('href="https://matrix.to/#/@ki-widerspruch:example.org"');
    expect(html).toContain('<img src="qr.svg"');
  });

  it('leaves the "ask the bot" block out when no bot address is configured', async () => {
    const bare = await build(content, null);
    expect(text(bare, 'de/instagram/index.html')).not.toContain('class="ask"');
    expect(text(bare, 'de/instagram/index.html')).not.toContain('t.me/');
  });

  it('lists in the sitemap every page with its alternates, and robots.txt points to it', () => {
    const xml = text(site, 'sitemap.xml');
    for (const path of pages) expect(xml).toContain(`<loc>${BASE}/${path.replace(/index\.html$/, '')}</loc>`);
    expect(text(site, 'robots.txt')).toContain(`Sitemap: ${BASE}/sitemap.xml`);
  });
});

describe('hostile content', () => {
  function hostile(): Content {
    const topic = content.topics.get('instagram')!;
    const de = topic.text.de;
    const evil = {
      ...de,
      title: 'Titel </title><script>alert(1)</script>',
      summary: '"><script>alert(2)</script>',
      sources: [
        ...de.sources,
        { title: 'Böse', publisher: 'X', date: '2026-01-01', url: 'javascript:alert(3)' },
      ],
      blocks: [
        {
          kind: 'paragraph' as const,
          content: [{ kind: 'text' as const, text: '<script>alert(4)</script><img src=x onerror=alert(5)>' }],
        },
        {
          kind: 'paragraph' as const,
          content: [
            {
              kind: 'link' as const,
              href: 'javascript:alert(6)',
              children: [{ kind: 'text' as const, text: 'klick' }],
            },
            {
              kind: 'link' as const,
              href: 'https://ok.example/"onmouseover="alert(7)',
              children: [{ kind: 'text' as const, text: 'quote' }],
            },
            {
              kind: 'link' as const,
              href: ' JavaScript:alert(8)',
              children: [{ kind: 'text' as const, text: 'case' }],
            },
          ],
        },
        {
          kind: 'list' as const,
          ordered: false,
          items: [[{ kind: 'text' as const, text: '<b onclick=x>fett</b>' }]],
        },
      ],
    };
    const topics = new Map(content.topics);
    topics.set('instagram', { ...topic, text: { ...topic.text, de: evil } });
    return { ...content, topics };
  }

  it('escapes raw HTML and drops javascript: and broken links on every page', async () => {
    const site = await build(hostile());
    for (const [path, file] of site) {
      if (!path.endsWith('.html')) continue;
      const html = file.body.toString('utf8');
      expect(html, path).not.toMatch(/<script|<img src=x|<b onclick|onmouseover="/i);
      for (const href of attrs(html, /a/, 'href'))
        expect(href, path).toMatch(/^(https?:\/\/|webcal:\/\/|\.\.?\/|[a-z]{2}\/$|#)|^[a-z0-9-]+\/$/);
    }
    const page = text(site, 'de/instagram/index.html');
    expect(page).toContain('&lt;script&gt;alert(4)&lt;/script&gt;');
    expect(page).toContain('klick');
    expect(page).not.toMatch(/javascript:/i);
  });
});

describe('the letter pages', () => {
  it('show the German letter on every language’s page, left to right, with no form and no script', () => {
    for (const lang of LANGS) {
      const meta = text(site, `${lang}/brief/index.html`);
      const whatsapp = text(site, `${lang}/brief/whatsapp/index.html`);
      expect(meta, lang).toContain('<div class="letter-text" lang="de" dir="ltr">');
      expect(meta).toContain('Merrion Road<br>Dublin 4, D04 X2K5');
      expect(meta).toContain('href="./whatsapp/"');
      expect(whatsapp).toContain('WhatsApp Ireland Limited');
      expect(whatsapp).not.toContain('Merrion Road');
      expect(whatsapp).toContain('href="../"');
      for (const html of [meta, whatsapp]) {
        expect(html).toContain(escapeHtml(content.ui[lang].web_letter_heading));
        expect(html).not.toMatch(/<form|<script|<input|<textarea/);
      }
    }
  });
});
