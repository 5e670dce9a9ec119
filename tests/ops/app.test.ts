import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { renderPlain } from '../../src/render/plain.js';
import { contentCopy } from '../helpers/content.js';
import { FakeSender } from '../helpers/fake-sender.js';
import { systemClock } from '../../src/ports/capabilities.js';
import { freePort } from '../helpers/net.js';

let app: App | undefined;
let cleanups: (() => void)[] = [];
afterEach(async () => {
  await app?.stop();
  app = undefined;
  for (const c of cleanups) c();
  cleanups = [];
});

async function startApp(env: Record<string, string> = {}) {
  const copy = contentCopy();
  const dataDir = mkdtempSync(join(tmpdir(), 'app-'));
  cleanups.push(
    () => copy.cleanup(),
    () => rmSync(dataDir, { recursive: true, force: true }),
  );
  const port = await freePort();
  const config = loadConfig({
    CONTENT_DIR: copy.dir,
    DATA_DIR: dataDir,
    HTTP_PORT: String(port),
    HTTP_HOST: '127.0.0.1',
    ADMIN_IDS: 'terminal:admin',
    ...env,
  });
  app = await createApp({
    config,
    logger: silentLogger,
    extraSenders: [new FakeSender('terminal', systemClock)],
    shutdownGraceMs: 500,
  });
  await app.start();
  return { app, copy, base: `http://127.0.0.1:${port}` };
}

describe('the operations endpoints', () => {
  it('answer /healthz and /readyz', async () => {
    const { base } = await startApp();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, checks: { store: true, adapters: true } });
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it('serve Prometheus metrics on the operator’s own port only, counting turns, replies, latency and subscribers', async () => {
    const metricsPort = await freePort();
    const { app, base } = await startApp({ METRICS_PORT: String(metricsPort) });
    await app.engine.handle({ conversation: 'terminal:a', text: '/instagram' });
    await app.engine.handle({ conversation: 'terminal:b', text: '/erinnern' });
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const samples = new Map<string, number>();
    for (const line of (await res.text()).split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const m = /^(\S+)\s+(\S+)$/.exec(line);
      expect(m, line).not.toBeNull();
      samples.set(m![1]!, Number(m![2]));
    }
    expect(samples.get('bot_updates_total{platform="terminal"}')).toBe(2);
    expect(samples.get('bot_replies_total{platform="terminal"}')).toBe(2);
    expect(samples.get('bot_turn_seconds_count{platform="terminal"}')).toBe(2);
    expect(samples.get('bot_subscribers{platform="terminal",lang="default"}')).toBe(1);
    expect(samples.has('bot_deliveries{status="pending"}')).toBe(true);
    expect(samples.get('bot_store_up')).toBe(1);
    // The public port serves health, not metrics; the metrics port serves health too, nothing else.
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/readyz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/de/`)).status).toBe(404);
  });

  it('serve no metrics on the public port without a token, and only to its bearer with METRICS_TOKEN', async () => {
    const token = 'metrics-token-0123456789';
    const { base } = await startApp({ METRICS_TOKEN: token });
    const open = await fetch(`${base}/metrics`);
    expect(open.status).toBe(401);
    expect(open.headers.get('www-authenticate')).toBe('Bearer');
    expect(
      (await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } }))
        .status,
    ).toBe(401);
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('bot_updates_total');
  });

  it('serve no metrics at all on the public port by default', async () => {
    const { base } = await startApp();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
  });
});

describe('reloading the content', () => {
  it('keeps the old content when the new one is broken, and tells the admin why', async () => {
    const { app, copy } = await startApp();
    copy.edit('topics/instagram.de.md', (s) => s.replace(/^title:.*$/m, 'title: "Instagram NEU"'));
    copy.edit('topics/facebook.de.md', (s) => s.replace(/^checked:.*$/m, 'checked: gestern'));
    const [reply] = await app.engine.handle({
      conversation: 'terminal:admin',
      user: 'terminal:admin',
      text: '/reload',
    });
    const out = renderPlain(reply!, { self: 'bot' }).text;
    expect(out).toMatch(/die bisherigen bleiben aktiv/);
    expect(out).toMatch(/topics\/facebook\.de\.md: checked/);
    const [insta] = await app.engine.handle({ conversation: 'terminal:x', text: '/instagram' });
    expect(renderPlain(insta!, { self: 'bot' }).text).not.toMatch(/Instagram NEU/);

    copy.edit('topics/facebook.de.md', (s) => s.replace(/^checked: gestern$/m, 'checked: 2026-11-29'));
    expect(await app.reload()).toMatchObject({ ok: true });
    const [after] = await app.engine.handle({ conversation: 'terminal:x', text: '/instagram' });
    expect(renderPlain(after!, { self: 'bot' }).text).toMatch(/Instagram NEU/);
  });

  it('gives everyone else the normal menu for admin commands', async () => {
    const { app } = await startApp();
    for (const command of ['/reload', '/stats', '/broadcast Hallo']) {
      const [reply] = await app.engine.handle({
        conversation: 'terminal:x',
        user: 'terminal:x',
        text: command,
      });
      expect(reply?.topic, command).toBe('start');
    }
  });
});

describe('broadcast', () => {
  it('shows a preview and queues the announcement for every subscriber only after confirmation', async () => {
    const { app } = await startApp();
    for (let i = 0; i < 5; i++)
      await app.engine.handle({ conversation: `terminal:s${i}`, text: '/erinnern' });
    const [preview] = await app.engine.handle({
      conversation: 'terminal:admin',
      user: 'terminal:admin',
      text: '/broadcast **Neu:** Die Anleitung für Facebook wurde aktualisiert.',
    });
    expect(renderPlain(preview!, { self: 'bot' }).text).toMatch(/Vorschau der Mitteilung an 5 Abonnenten/);
    expect((await app.store.stats()).deliveries.pending).toBe(0);
    const confirm = preview!.buttons.flat().find((b) => b.kind === 'action' && b.action.startsWith('y:b:'));
    const [queued] = await app.engine.handle({
      conversation: 'terminal:admin',
      user: 'terminal:admin',
      action: (confirm as { action: string }).action,
    });
    expect(renderPlain(queued!, { self: 'bot' }).text).toMatch(/für 5 Abonnenten eingeplant/);
    const again = await app.engine.handle({
      conversation: 'terminal:admin',
      user: 'terminal:admin',
      action: (confirm as { action: string }).action,
    });
    expect(renderPlain(again[0]!, { self: 'bot' }).text).toMatch(/abgelaufen/);
  });
});
