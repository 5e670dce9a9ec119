/**
 * The Arabic web pages in a real browser (Chromium, phone-sized): a command inside Arabic text is laid out
 * with its slash on the left ("/rights", "/instagram"), because the renderer wraps Latin runs in
 * left-to-right isolates (src/render/bidi.ts). As a control, the same text without the isolates shows the
 * slash on the right ("rights/"), as the translation review of 2026-12-05 (AR-7) found. A screenshot of the
 * Arabic /instagram page is taken along the way (kept in the temp folder when KEEP_SCREENSHOTS is set).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type RunningApp } from './app.js';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
];

if (!HAS_CHROMIUM && process.env.CI) {
  describe('Arabic web pages in Chromium', () => {
    it('needs /usr/bin/chromium (CI installs it: apt-get install -y chromium)', () => {
      throw new Error(`${CHROMIUM} is missing; CI must run the browser tests`);
    });
  });
}

/**
 * Where the "/" of `command` and the letter after it are drawn, in the first text node of <article> that
 * holds the command; with `stripIsolates` the isolate controls are removed from that node first.
 */
interface Box {
  readonly left: number;
  readonly right: number;
  readonly top: number;
}
interface Laid {
  readonly isolated: boolean;
  readonly slash: Box;
  readonly letter: Box;
}

/** Runs in the page (plain JavaScript: the project's types have no DOM). */
const MEASURE = `(({ command, stripIsolates }) => {
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data.includes(command)) continue;
    if (stripIsolates) node.data = node.data.replace(/[\\u2066\\u2069]/g, '');
    const at = node.data.indexOf(command);
    const box = (from) => {
      const r = document.createRange();
      r.setStart(node, from);
      r.setEnd(node, from + 1);
      const rect = r.getBoundingClientRect();
      return { left: rect.left, right: rect.right, top: rect.top };
    };
    return { isolated: /\\u2066/.test(node.data), slash: box(at), letter: box(at + 1) };
  }
  return undefined;
})`;

/**
 * Where the "/" of `command` and the letter after it are drawn, in the first text node of <article> that
 * holds the command; with `stripIsolates` the isolate controls are removed from that node first.
 */
async function slashAndLetter(page: Page, command: string, stripIsolates = false): Promise<Laid | undefined> {
  return page.evaluate<Laid | undefined>(`${MEASURE}(${JSON.stringify({ command, stripIsolates })})`);
}

describe.skipIf(!HAS_CHROMIUM)('Arabic web pages in Chromium, 390 px wide', () => {
  let running: RunningApp;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    running = await startWebApp();
    profile = mkdtempSync(join(tmpdir(), 'chromium-rtl-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 390, height: 844 },
    });
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    await running?.stop();
    if (profile && !process.env.KEEP_SCREENSHOTS) rmSync(profile, { recursive: true, force: true });
  });

  for (const [path, command] of [
    ['/ar/instagram/', '/rights'],
    ['/ar/threads/', '/instagram'],
  ] as const) {
    it(`${path}: "${command}" has its slash on the left; without isolates it would be on the right`, async () => {
      const page = await context.newPage();
      const res = await page.goto(`${running.origin}${path}`);
      expect(res?.status()).toBe(200);
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      if (path === '/ar/instagram/') {
        const shot = join(profile, 'ar-instagram.png');
        await page.screenshot({ path: shot, fullPage: true });
        expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
      }
      const laid = await slashAndLetter(page, command);
      expect(laid, `${command} on ${path}`).toBeDefined();
      expect(laid!.isolated).toBe(true);
      expect(laid!.slash.top).toBe(laid!.letter.top);
      expect(laid!.slash.right).toBeLessThanOrEqual(laid!.letter.left + 0.5);

      const control = await slashAndLetter(page, command, true);
      expect(control!.isolated).toBe(false);
      expect(control!.slash.left).toBeGreaterThanOrEqual(control!.letter.right - 0.5);
      await page.close();
    });
  }
});
