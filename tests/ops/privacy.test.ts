import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { registerPrivacy } from '../../src/features/privacy.js';
import { registerReminders } from '../../src/features/reminders.js';
import { plainInline, type Reply } from '../../src/message/model.js';
import { renderPlain } from '../../src/render/plain.js';
import { contentWith, FUTURE_DEADLINE } from '../helpers/content.js';
import type { StoreHarness } from '../store/harness.js';
import { total } from '../store/harness.js';
import { closeAdminPool, pgHarness } from '../store/pg-harness.js';
import { sqliteHarness } from '../store/sqlite-harness.js';
import { VirtualTime } from '../helpers/virtual-time.js';

const text = (r: Reply) => renderPlain(r, { self: 'bot' }).text;
const CONV = 'telegram:4242';
const OTHER = 'telegram:777';

afterAll(closeAdminPool);

for (const [name, open] of [
  ['SQLite', () => sqliteHarness()],
  ['PostgreSQL', () => pgHarness()],
] as const) {
  describe(`data rights with ${name}`, () => {
    function bed(h: StoreHarness) {
      const vt = new VirtualTime('2027-01-01T08:00:00Z');
      const engine = new Engine({ content: contentWith(FUTURE_DEADLINE), preferences: h.store, clock: vt });
      registerReminders(engine, { store: h.store, nudge: () => undefined });
      registerPrivacy(engine, {
        store: h.store,
        operator: { name: 'Beispiel e. V.', contact: 'bot@example.org' },
        secret: 'test-secret-0123456789',
      });
      const ask = async (conversation: string, input: { text?: string; action?: string }) =>
        engine.handle({ conversation, ...input });
      return { engine, vt, ask };
    }

    it('/datenschutz names the operator and what is stored', async () => {
      const h = await open();
      try {
        const { ask } = bed(h);
        const [reply] = await ask(CONV, { text: '/datenschutz' });
        expect(text(reply!)).toMatch(/Betrieben von: Beispiel e\. V\., Kontakt: bot@example\.org/);
        expect(text(reply!)).toMatch(/\/meinedaten/);
      } finally {
        await h.dispose();
      }
    });

    it('/meinedaten shows everything stored, readable and as JSON, and nothing for a reader', async () => {
      const h = await open();
      try {
        const { ask } = bed(h);
        expect(text((await ask(OTHER, { text: '/meinedaten' }))[0]!)).toMatch(/nichts gespeichert/);
        await ask(CONV, { text: '/erinnern' });
        await ask(CONV, { text: '/zeitzone Europe/Vienna' });
        await ask(CONV, { action: 'c:instagram' });
        const [reply] = await ask(CONV, { text: '/meinedaten' });
        const out = text(reply!);
        expect(out).toMatch(/Zeitzone: Europe\/Vienna/);
        expect(out).toMatch(/Erledigt: instagram/);
        const json = reply!.blocks
          .map((b) => (b.kind === 'paragraph' ? plainInline(b.content) : ''))
          .find((t) => t.startsWith('{'))!;
        const parsed = JSON.parse(json) as {
          settings: { timezone: string; subscribed: boolean };
          deliveries: unknown[];
        };
        expect(parsed.settings).toMatchObject({ timezone: 'Europe/Vienna', subscribed: true });
        expect(parsed.deliveries).toHaveLength(3);
      } finally {
        await h.dispose();
      }
    });

    it('/vergessen deletes every row that mentions the conversation, after a confirmation, and only those', async () => {
      const h = await open();
      try {
        const { ask } = bed(h);
        for (const c of [CONV, OTHER]) {
          await ask(c, { text: '/erinnern' });
          await ask(c, { text: '/sprache en' });
          await ask(c, { action: 'c:facebook' });
          await ask(c, { action: 'p:instagram:7' });
        }
        await h.store.markInactive(CONV, 'test');
        expect((await h.store.exportConversation(CONV)).deliveries.length).toBeGreaterThan(3);
        const [prompt] = await ask(CONV, { text: '/vergessen' });
        const confirm = prompt!.buttons
          .flat()
          .find((b) => b.kind === 'action' && b.action.startsWith('y:f:'));
        expect(confirm).toBeDefined();
        // A forged or foreign token deletes nothing.
        expect(text((await ask(CONV, { action: 'y:f:forgedtoken123' }))[0]!)).toMatch(/expired/);
        expect(text((await ask(OTHER, { action: (confirm as { action: string }).action }))[0]!)).toMatch(
          /expired/,
        );
        const [done] = await ask(CONV, { action: (confirm as { action: string }).action });
        expect(text(done!)).toMatch(/everything about this chat is deleted/);
        // Read the raw tables last (the SQLite harness reopens the file to do so).
        const left = await h.rowsMentioning(CONV);
        expect(Object.keys(left).length).toBeGreaterThanOrEqual(3);
        expect(total(left)).toBe(0);
        expect(total(await h.rowsMentioning(OTHER))).toBeGreaterThan(4);
      } finally {
        await h.dispose();
      }
    });
  });
}
