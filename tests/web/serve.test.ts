/** The bot's HTTP server serves the web guide at the same paths as dist/web, with caching headers. */
import { afterEach, describe, expect, it } from 'vitest';
import { startWebApp, type RunningApp } from './app.js';

let running: RunningApp | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('serving the web guide', () => {
  it('answers the pages with an ETag, caching headers and 304 on a match', async () => {
    running = await startWebApp();
    const res = await fetch(`${running.origin}/de/instagram/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('set-cookie')).toBeNull();
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(await res.text()).toContain('<h1>Instagram: KI-Training widersprechen</h1>');

    const again = await fetch(`${running.origin}/de/instagram/`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    for (const [path, type] of [
      ['/', 'text/html; charset=utf-8'],
      ['/en/', 'text/html; charset=utf-8'],
      ['/style.css', 'text/css; charset=utf-8'],
      ['/en/whatsapp/qr.svg', 'image/svg+xml'],
      ['/sitemap.xml', 'application/xml; charset=utf-8'],
      ['/robots.txt', 'text/plain; charset=utf-8'],
    ]) {
      const r = await fetch(`${running.origin}${path}`);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-type'), path).toBe(type);
    }
  });

  it('redirects a folder without its slash, 404s the unknown, and keeps the operations endpoints', async () => {
    running = await startWebApp();
    const redirect = await fetch(`${running.origin}/en/instagram`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/en/instagram/');
    expect((await fetch(`${running.origin}/en/nothing/`)).status).toBe(404);
    const { request } = await import('node:http');
    const location = await new Promise<string | undefined>((resolve, reject) => {
      request(`${running!.origin}`, { path: '//en/instagram' }, (res) => {
        res.resume();
        resolve(res.headers.location);
      })
        .on('error', reject)
        .end();
    });
    // Not "//en/instagram/", which a browser would read as the host "en".
    expect(location).toBe('/en/instagram/');
    expect((await fetch(`${running.origin}/%E0%A4%A/`)).status).toBe(400);
    expect((await fetch(`${running.origin}/../../etc/passwd`)).status).toBe(404);
    expect(await (await fetch(`${running.origin}/healthz`)).text()).toBe('ok\n');
    expect((await fetch(`${running.origin}/readyz`)).status).toBe(200);
    // Metrics are the operator's (METRICS_PORT or METRICS_TOKEN), not the public's.
    expect((await fetch(`${running.origin}/metrics`)).status).toBe(404);
    expect((await fetch(`${running.origin}/de/`, { method: 'POST' })).status).toBe(405);
  });

  it('serves a local preview without WEB_BASE_URL, addressed as localhost, and answers do not link to it', async () => {
    running = await startWebApp({ WEB_BASE_URL: '' });
    const res = await fetch(`${running.origin}/de/instagram/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/<link rel="canonical" href="http:\/\/localhost:\d+\/de\/instagram\/">/);
    expect((await fetch(`${running.origin}/healthz`)).status).toBe(200);
    expect(running.app.engine.webBaseUrl).toBeUndefined();
  });
});
