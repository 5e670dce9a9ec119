/**
 * The web guide in a real browser: Debian's Chromium driven by playwright-core, on a phone-sized viewport,
 * against the bot's own HTTP server. Skipped with a message where /usr/bin/chromium is missing; in CI (CI=1)
 * a missing browser fails instead.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGS } from '../../src/content/types.js';
import { pageTopics } from '../../src/render/web/site.js';
import { realContent } from '../helpers/content.js';
import { startWebApp, type RunningApp } from './app.js';
import { BASE } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const PHONE = { width: 390, height: 844 };
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

if (!HAS_CHROMIUM) {
  if (process.env.CI) {
    describe('web guide in Chromium', () => {
      it('needs /usr/bin/chromium (CI installs it: apt-get install -y chromium)', () => {
        throw new Error(`${CHROMIUM} is missing; CI must run the browser tests`);
      });
    });
  } else {
    // eslint-disable-next-line no-console -- a skip must say why, in the test output
    console.warn(`tests/web/browser.test.ts skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);
  }
}

const TITLE = HAS_CHROMIUM
  ? 'web guide in Chromium, 390 px wide'
  : `web guide in Chromium: skipped, ${CHROMIUM} is missing`;

describe.skipIf(!HAS_CHROMIUM)(TITLE, () => {
  let running: RunningApp;
  const profiles: string[] = [];
  const contexts: BrowserContext[] = [];
  /** Every request the browser made, for the same-origin check. */
  const requested = new Set<string>();

  /** A fresh profile per browser (a new --user-data-dir). */
  async function browser(options: { javaScriptEnabled: boolean; colorScheme?: 'light' | 'dark' }) {
    const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
    profiles.push(profile);
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: PHONE,
      ...options,
    });
    contexts.push(context);
    context.on('request', (req) => requested.add(req.url()));
    return context;
  }

  beforeAll(async () => {
    running = await startWebApp();
  }, 60_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await running?.stop();
    for (const p of profiles) rmSync(p, { recursive: true, force: true });
  });

  /** Pages found by following links from "/", with what each one showed. */
  const visited = new Map<string, { status: number; links: string[] }>();
  /** Calendar files (.ics) linked from the pages. */
  const calendars = new Set<string>();

  it('shows every page without JavaScript, without sideways scrolling, and every link resolves', async () => {
    const context = await browser({ javaScriptEnabled: false });
    const page = context.pages()[0] ?? (await context.newPage());
    const failed: string[] = [];
    page.on('response', (res) => {
      if (res.status() >= 400) failed.push(`${res.status()} ${res.url()}`);
    });
    const queue = [`${running.origin}/`];
    while (queue.length) {
      const url = queue.shift()!;
      if (visited.has(url)) continue;
      // Calendar files would start a download: fetch them instead and check they are calendars.
      if (new URL(url).pathname.endsWith('.ics')) {
        const res = await context.request.get(url);
        expect(res.status(), url).toBe(200);
        expect(res.headers()['content-type'], url).toBe('text/calendar; charset=utf-8');
        expect(await res.text(), url).toMatch(/^BEGIN:VCALENDAR\r\n/);
        calendars.add(url);
        continue;
      }
      const res = await page.goto(url);
      const status = res?.status() ?? 0;
      // JavaScript is off in this browser: read the DOM through the protocol, not through page scripts.
      const h1 = await page.locator('h1').count();
      const mainText = (await page.locator('main').innerText()).trim();
      const links = await page
        .locator('a[href]')
        .evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
      visited.set(url, { status, links });
      expect(status, url).toBe(200);
      expect(h1, url).toBe(1);
      expect(mainText.length, url).toBeGreaterThan(100);
      const { scrollWidth, clientWidth } = await page.locator('html').evaluate((html) => ({
        scrollWidth: html.scrollWidth,
        clientWidth: html.clientWidth,
      }));
      expect(scrollWidth, `${url} scrolls sideways`).toBeLessThanOrEqual(clientWidth);
      // Every image loaded (the QR code).
      for (const complete of await page
        .locator('img')
        .evaluateAll((imgs) =>
          imgs.map(
            (i) =>
              (i as unknown as { complete: boolean; naturalWidth: number }).complete &&
              (i as unknown as { naturalWidth: number }).naturalWidth > 0,
          ),
        ))
        expect(complete, `${url} has a broken image`).toBe(true);
      for (const link of links) {
        const target = new URL(link);
        if (target.origin !== running.origin) continue;
        target.hash = '';
        if (!visited.has(target.href)) queue.push(target.href);
      }
    }
    expect(failed).toEqual([]);
  }, 120_000);

  it('reaches every topic in every language from the menu pages', () => {
    const pages = [...visited.keys()].map((u) => new URL(u).pathname);
    for (const lang of LANGS) {
      expect(pages).toContain(`/${lang}/`);
      for (const topic of pageTopics(realContent())) expect(pages).toContain(`/${lang}/${topic.id}/`);
      // The deadlines page, its calendar feed and every letter page (which the axe runs below cover too).
      expect(pages).toContain(`/${lang}/fristen/`);
      expect(pages).toContain(`/${lang}/brief/whatsapp/`);
    }
  });

  it('serves every language’s calendar feed as text/calendar (its https and webcal links are absolute)', async () => {
    const context = await browser({ javaScriptEnabled: false });
    const html = await (await context.request.get(`${running.origin}/de/fristen/`)).text();
    expect(html).toContain('href="webcal://guide.example.org/de/fristen.ics"');
    for (const lang of LANGS) {
      const res = await context.request.get(`${running.origin}/${lang}/fristen.ics`);
      expect(res.status(), lang).toBe(200);
      expect(res.headers()['content-type']).toBe('text/calendar; charset=utf-8');
      expect(await res.text()).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*END:VCALENDAR\r\n$/);
    }
    // Relative "add this one date" links (none while no deadline is open) were fetched by the crawl.
    for (const url of calendars)
      expect(new URL(url).pathname).toMatch(/^\/[a-z-]+\/fristen\/[a-z0-9-]+\.ics$/);
  });

  it('prints each letter page as the letter alone on one A4 page (PDF from Chromium)', async () => {
    const context = await browser({ javaScriptEnabled: false });
    const page = await context.newPage();
    for (const path of [
      '/de/brief/',
      '/de/brief/whatsapp/',
      '/ar/brief/',
      '/uk/brief/',
      '/de-simple/brief/whatsapp/',
    ]) {
      await page.goto(`${running.origin}${path}`);
      await page.emulateMedia({ media: 'print' });
      // In print, only the letter text is shown: the explanation, header and footer are hidden.
      const shown = await page.locator('main').innerText();
      expect(shown, path).toContain('Sehr geehrte Damen und Herren');
      expect(shown, path).not.toContain(realContent().ui.de.web_letter_heading);
      expect(await page.locator('header.site').isVisible(), path).toBe(false);
      const pdf = await page.pdf({ format: 'A4', printBackground: false, preferCSSPageSize: true });
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
      expect(pages.length, path).toBe(1);
      await page.emulateMedia({ media: 'screen' });
      // On screen the explanation is there as well.
      expect(await page.locator('h1').innerText(), path).toBeTruthy();
    }
    // The page count is real: a long topic page without a letter prints on more than one page.
    await page.goto(`${running.origin}/de/timeline/`);
    const long = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect((long.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length).toBeGreaterThan(1);
    if (process.env.LETTER_SCREENSHOT) {
      await page.goto(`${running.origin}/ar/brief/`);
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: process.env.LETTER_SCREENSHOT, fullPage: true });
    }
  }, 60_000);

  it('sends no request to any other origin', () => {
    expect(requested.size).toBeGreaterThan(visited.size);
    for (const url of requested) expect(new URL(url).origin, url).toBe(running.origin);
  });

  it('has the right preview tags, canonical and hreflang alternates', async () => {
    const context = await browser({ javaScriptEnabled: false });
    const page = await context.newPage();
    for (const [path, lang] of [
      ['/de/instagram/', 'de'],
      ['/en/whatsapp/', 'en'],
      ['/en/', 'en'],
    ] as const) {
      await page.goto(`${running.origin}${path}`);
      const attr = (selector: string, name: string) => page.locator(selector).first().getAttribute(name);
      expect(await attr('html', 'lang')).toBe(lang);
      expect(await attr('html', 'dir')).toBe('ltr');
      expect(await attr('link[rel=canonical]', 'href')).toBe(`${BASE}${path}`);
      expect(await attr('meta[property="og:url"]', 'content')).toBe(`${BASE}${path}`);
      expect(await attr('meta[property="og:locale"]', 'content')).toBe(realContent().ui[lang].web_locale);
      expect(await attr('meta[property="og:title"]', 'content')).toBe(await page.title());
      expect((await attr('meta[property="og:description"]', 'content'))?.length).toBeGreaterThan(20);
      expect(await attr('meta[property="og:type"]', 'content')).toBe(
        path.split('/').length > 3 ? 'article' : 'website',
      );
      const alternates = await page
        .locator('link[rel=alternate][hreflang]')
        .evaluateAll((ls) => ls.map((l) => [l.getAttribute('hreflang'), l.getAttribute('href')]));
      const other = path.replace(/^\/[^/]+\//, '');
      for (const l of LANGS) expect(alternates).toContainEqual([l, `${BASE}/${l}/${other}`]);
      expect(alternates.map(([l]) => l)).toContain('x-default');
    }
  }, 60_000);

  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  async function axeProblems(page: Page): Promise<string[]> {
    // Injected through the DevTools protocol, which the page's Content-Security-Policy does not govern.
    await page.evaluate(axeSource);
    const result = await page.evaluate<{
      violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
    }>('axe.run(document, { resultTypes: ["violations"] })');
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`axe finds no serious or critical violation on any page (${colorScheme} colours)`, async () => {
      const context = await browser({ javaScriptEnabled: true, colorScheme });
      const page = await context.newPage();
      const problems: string[] = [];
      for (const url of visited.keys()) {
        await page.goto(url);
        for (const p of await axeProblems(page)) problems.push(`${new URL(url).pathname} ${p}`);
      }
      expect(visited.size).toBeGreaterThan(LANGS.length);
      expect(problems).toEqual([]);
    }, 180_000);
  }
});
