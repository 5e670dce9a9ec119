/**
 * No user-facing state in one process's memory: two apps on one PostgreSQL schema stand for two processes.
 * A /broadcast preview made in one is confirmed in the other (and only once); Matrix's numbered choices shown
 * by one are read by the other.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { roomChoices } from '../../adapters/matrix/choices.js';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { systemClock } from '../../src/ports/capabilities.js';
import { renderPlain } from '../../src/render/plain.js';
import { FakeSender } from '../helpers/fake-sender.js';
import { TEST_DATABASE_URL, closeAdminPool, dropSchema, openPg, uniqueName } from '../store/pg-harness.js';

afterAll(closeAdminPool);

async function twoApps(schema: string): Promise<{ apps: App[]; cleanup: () => Promise<void> }> {
  const dirs: string[] = [];
  const apps: App[] = [];
  for (let i = 0; i < 2; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'shared-'));
    dirs.push(dir);
    const config = loadConfig({
      DATA_DIR: dir,
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      ADMIN_IDS: 'terminal:admin',
    });
    apps.push(
      await createApp({
        config,
        logger: silentLogger,
        extraSenders: [new FakeSender('terminal', systemClock)],
        shutdownGraceMs: 500,
      }),
    );
  }
  return {
    apps,
    cleanup: async () => {
      for (const app of apps) await app.stop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

const text = (reply: Parameters<typeof renderPlain>[0]) => renderPlain(reply, { self: 'bot' }).text;

describe('state shared by all processes (PostgreSQL)', () => {
  it('a broadcast previewed in one process is confirmed in another, once', { timeout: 60_000 }, async () => {
    const schema = uniqueName('shared_state');
    const { apps, cleanup } = await twoApps(schema);
    try {
      const [one, two] = apps as [App, App];
      for (let i = 0; i < 3; i++)
        await one.engine.handle({ conversation: `terminal:s${i}`, text: '/erinnern' });
      const [preview] = await one.engine.handle({
        conversation: 'terminal:admin',
        user: 'terminal:admin',
        text: '/broadcast Neu: die Anleitung wurde aktualisiert.',
      });
      const confirm = preview!.buttons
        .flat()
        .find((b) => b.kind === 'action' && b.action.startsWith('y:b:')) as { action: string };
      const click = { conversation: 'terminal:admin', user: 'terminal:admin', action: confirm.action };
      const [queued] = await two.engine.handle(click);
      expect(text(queued!)).toMatch(/für 3 Abonnenten eingeplant/);
      const [again] = await one.engine.handle(click);
      expect(text(again!)).toMatch(/abgelaufen/);
      expect((await two.store.stats()).deliveries.pending).toBe(3);
    } finally {
      await cleanup();
      await dropSchema(schema);
    }
  });

  it('numbered choices shown by one process are read by another', async () => {
    const schema = uniqueName('shared_choices');
    const [a, b] = [await openPg(schema), await openPg(schema)];
    try {
      const buttons = [{ kind: 'action' as const, label: 'Instagram', action: 't:instagram' }];
      await roomChoices(a, 10).set('!r:example.org', 'matrix:!r:example.org', buttons);
      expect(await roomChoices(b, 10).get('!r:example.org')).toEqual(buttons);
      await roomChoices(b, 10).delete('!r:example.org');
      expect(await roomChoices(a, 10).get('!r:example.org')).toBeUndefined();
    } finally {
      await a.close();
      await b.close();
      await dropSchema(schema);
    }
  });
});
