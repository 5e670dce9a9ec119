/**
 * The command registry, end to end: with the features wired as the app wires them, every word of every
 * registered command (src/content/commands.ts), in every language, is answered (not "I do not know the
 * command") by the plain engine, by the Telegram adapter against the fake Bot API and by the Matrix adapter
 * against the fake homeserver; every command menu entry (Telegram's menus, /befehle) is a command the bot
 * answers; and nothing is left without a handler.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandList, menuScopes } from '../../adapters/telegram/commands.js';
import { COMMANDS, commandWords, RESERVED_COMMANDS } from '../../src/content/commands.js';
import { codesOf } from '../../src/content/languages.js';
import { Engine } from '../../src/engine/engine.js';
import { registerAdmin } from '../../src/features/admin.js';
import { registerPrivacy } from '../../src/features/privacy.js';
import { registerReminders } from '../../src/features/reminders.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { realContent } from '../helpers/content.js';
import { makeEngine, plain } from '../helpers/engine.js';
import { Harness as MatrixHarness, waitFor } from '../matrix/harness.js';
import { startHarness } from '../telegram/support/harness.js';
import { textMessage } from '../telegram/support/updates.js';

const content = realContent();
const WORDS = COMMANDS.flatMap((c) => commandWords(c));
/** The longest fixed part of the "unknown command" notice, in every language. */
const UNKNOWN = codesOf(content.languages).map(
  (l) =>
    content.ui[l].unknown_command
      .split(/\{\w+\}/)
      .map((part) => part.trim())
      .sort((a, b) => b.length - a.length)[0]!,
);
const isUnknown = (text: string): boolean => UNKNOWN.some((u) => text.includes(u));

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Registers the feature modules on an engine as src/app.ts does, on a fresh SQLite store. */
function wireFeatures(engine: Engine, admin: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'commands-'));
  dirs.push(dir);
  const store = new SqliteStore(join(dir, 'bot.sqlite'));
  const nudge = (): void => undefined;
  registerReminders(engine, { store, nudge });
  registerPrivacy(engine, { store, operator: {}, secret: 'test-secret-0123456789' });
  registerAdmin(engine, {
    store,
    admins: [admin],
    nudge,
    reload: () =>
      Promise.resolve({ ok: true, topics: content.topics.size, deadlines: content.deadlines.length }),
  });
}

describe('the command registry', () => {
  it('reserves exactly the registered words, each for one command', () => {
    expect(new Set(RESERVED_COMMANDS).size).toBe(RESERVED_COMMANDS.length);
    expect([...RESERVED_COMMANDS].sort()).toEqual([...WORDS].sort());
    for (const word of RESERVED_COMMANDS) expect(content.commands.has(word)).toBe(false);
  });

  it('leaves no registered command without a handler once the features are wired', () => {
    const { engine } = makeEngine();
    expect(engine.unhandledCommands()).toContain('remind');
    wireFeatures(engine, 'test:admin');
    expect(engine.unhandledCommands()).toEqual([]);
  });

  it('refuses a second handler for a command', () => {
    const { engine } = makeEngine();
    expect(() => engine.registerCommand('deadline', () => [])).toThrow(/has a handler already/);
  });

  it('lists only commands the bot answers in every menu (Telegram, per language_code, and /befehle)', async () => {
    const { engine } = makeEngine();
    wireFeatures(engine, 'test:admin');
    for (const [lang] of menuScopes(content)) {
      const menu = commandList(content, lang);
      expect(menu.length).toBeGreaterThan(10);
      for (const { command } of menu) expect(engine.knowsCommand(command), command).toBe(true);
    }
    for (const lang of codesOf(content.languages)) {
      const [list] = await engine.handle({ conversation: 'test:menu', text: '/befehle', languageHint: lang });
      const listed = [...plain(list!).matchAll(/\/([a-z0-9_]+) – /g)].map((m) => m[1]!);
      expect(listed).toEqual(commandList(content, lang).map((c) => c.command));
    }
  });
});

describe('every registered command word is answered', () => {
  it.each(WORDS)('by the plain engine (terminal): /%s', async (word) => {
    const { engine } = makeEngine();
    wireFeatures(engine, 'test:admin');
    const replies = await engine.handle({ conversation: 'test:1', user: 'test:admin', text: `/${word}` });
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) expect(isUnknown(plain(reply)), plain(reply)).toBe(false);
  });

  it('by the Telegram adapter', async () => {
    const h = await startHarness();
    try {
      wireFeatures(h.engine, 'telegram:123456789');
      const sent = (): string[] => h.fake.callsTo('sendMessage').map((c) => String(c.params.text));
      for (const word of WORDS) {
        const before = sent().length;
        h.fake.push(textMessage(`/${word}`));
        await h.fake.waitFor(() => sent().length > before);
        expect(isUnknown(sent()[before]!), `/${word}: ${sent()[before]}`).toBe(false);
      }
      // A barrier: answers in one chat go out in order, so once this one is there, all others are too.
      h.fake.push(textMessage('/unbekanntes_wort'));
      await h.fake.waitFor(() => sent().some(isUnknown));
      expect(sent().filter(isUnknown)).toHaveLength(1);
    } finally {
      await h.stop();
    }
  });

  it('by the Matrix adapter, typed as !word', async () => {
    const h = new MatrixHarness();
    await h.server.start();
    try {
      const run = await h.startBot();
      wireFeatures(run.engine, 'matrix:@alice:fake.test');
      const room = h.m.createRoom({ members: ['@alice:fake.test'] });
      h.m.invite(room, '@alice:fake.test');
      await waitFor(() => h.m.botMessages(room).length === 1, 'greeting');
      const bodies = (): string[] => h.m.botMessages(room).map((m) => String(m.content.body));
      for (const word of WORDS) {
        const before = bodies().length;
        h.m.say(room, '@alice:fake.test', `!${word}`);
        await waitFor(() => bodies().length > before, `answer to !${word}`);
        expect(isUnknown(bodies()[before]!), `!${word}: ${bodies()[before]}`).toBe(false);
      }
      // A barrier (the sync loop answers in order), then no answer at all may have said "unknown".
      h.m.say(room, '@alice:fake.test', '!unbekanntes_wort');
      await waitFor(() => bodies().some(isUnknown), 'barrier');
      expect(bodies().filter(isUnknown)).toHaveLength(1);
      const [list] = await run.engine.handle({
        conversation: 'matrix:x',
        text: '!befehle',
        commandPrefix: '!',
      });
      expect(plain(list!)).toMatch(/!frist – /);
    } finally {
      await h.close();
    }
  });
});
