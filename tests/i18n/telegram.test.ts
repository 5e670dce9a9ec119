/**
 * Turkish, Ukrainian and Arabic Telegram users (by `language_code`), end to end with real grammY against the
 * fake Bot API: they get their language without asking, for free-text questions, commands and the
 * announcement of a new deadline sent later by the scheduler. The Arabic messages read right to left.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LANGUAGES, type Lang } from '../../src/content/languages.js';
import { loadContent } from '../../src/content/loader.js';
import type { Content } from '../../src/content/types.js';
import { registerReminders } from '../../src/features/reminders.js';
import { syncDeadlines } from '../../src/scheduler/planner.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { contentCopy } from '../helpers/content.js';
import { htmlText, textFrom } from '../helpers/telegram-text.js';
import { VirtualTime } from '../helpers/virtual-time.js';
import type { RecordedCall } from '../telegram/support/fake-bot-api.js';
import { startHarness } from '../telegram/support/harness.js';
import { telegramScheduler } from '../helpers/telegram-scheduler.js';

/** A new deadline with its title in each language. */
const TITLES: Partial<Record<Lang, string>> = {
  de: 'Test-Frist',
  en: 'Test deadline',
  tr: 'Deneme son tarihi',
  uk: 'Тестовий строк',
  ar: 'موعد تجريبي',
};
const NEW_DEADLINE = `
- id: test-frist
  at: "2027-01-20T23:59"
  timezone: Europe/Berlin
  topics: [instagram, facebook]
  remind_days_before: [7, 1, 0]
  title: { ${LANGUAGES.map((l) => `${l.code}: "${TITLES[l.code] ?? TITLES.de!}"`).join(', ')} }
  text: { ${LANGUAGES.map((l) => `${l.code}: "${TITLES[l.code] ?? TITLES.de!}."`).join(', ')} }
`;

function contentWith(extra: string): Content {
  const copy = contentCopy();
  try {
    copy.edit('deadlines.yaml', (s) => `${s}\n${extra}`);
    return loadContent(copy.dir);
  } finally {
    copy.cleanup();
  }
}

/** The visible text of a sendMessage call (HTML tags and entities undone, bidi isolates dropped). */
const visible = (call: RecordedCall): string =>
  htmlText(String(call.params.text).replace(/[\u2066\u2069]/g, ''));

/** Right to left, as Telegram lays a message out: by its first strong directional character. */
export function firstStrongIsRtl(text: string): boolean {
  const strong = /[\p{L}]/u.exec(text.replace(/\u200f/g, 'א'))?.[0] ?? '';
  return /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/.test(strong);
}

/** The first template text of a ui string (up to its first placeholder or markup). */
const lead = (s: string): string => s.split(/[{*\n]/)[0]!.trim();

const USERS = [
  { lang: 'tr', chat: 9001, question: 'instagramda nasıl itiraz ederim', topic: 'instagram' },
  { lang: 'uk', chat: 9002, question: 'як заперечити в інстаграмі', topic: 'instagram' },
  { lang: 'ar', chat: 9003, question: 'كيف أعترض في فيسبوك؟', topic: 'facebook' },
] as const;

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('Turkish, Ukrainian and Arabic Telegram users', () => {
  it('get their language without asking: answers, /remind and the announcement of a new deadline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'i18n-'));
    const clock = new VirtualTime(new Date('2027-01-04T10:00:00Z'));
    const store = new SqliteStore(join(dir, 'bot.sqlite'), { clock });
    let content = contentWith('');
    const h = await startHarness();
    cleanup = async () => {
      await h.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    };
    h.engine.reload(content);
    registerReminders(h.engine, { store, nudge: () => undefined });

    const send = (user: (typeof USERS)[number], text: string): void => {
      h.fake.push(textFrom(text, user.chat, user.lang));
    };
    const to = (chat: number, calls: readonly RecordedCall[] = h.fake.calls) =>
      calls.filter((c) => c.method === 'sendMessage' && c.params.chat_id === chat);
    /** Waits until the chat got a message containing `needle`, and returns it. */
    const said = async (chat: number, needle: string): Promise<RecordedCall> => {
      const calls = await h.fake.waitFor((all) => to(chat, all).some((c) => visible(c).includes(needle)));
      return to(chat, calls).find((c) => visible(c).includes(needle))!;
    };

    for (const user of USERS) {
      const t = content.topics.get(user.topic)!.text[user.lang];
      send(user, user.question);
      const answer = await said(user.chat, t.title);
      const all = to(user.chat).map(visible).join('\n');
      expect(all).toContain(content.ui[user.lang].translation_note);
      expect(all).not.toContain(content.topics.get(user.topic)!.text.de.title);
      if (user.lang === 'ar') expect(firstStrongIsRtl(visible(answer))).toBe(true);

      send(user, '/remind');
      const ack = await said(user.chat, lead(content.ui[user.lang].subscribed));
      if (user.lang === 'ar') expect(firstStrongIsRtl(visible(ack))).toBe(true);
      expect(await store.getSettings(`telegram:${user.chat}`)).toMatchObject({
        lang: undefined,
        langHint: user.lang,
      });
    }

    // A new deadline appears in the content: each subscriber is told about it, in their language.
    content = contentWith(NEW_DEADLINE);
    await syncDeadlines(store, content, clock.now());
    const scheduler = telegramScheduler(store, () => content, h.bot, clock);
    try {
      expect(await scheduler.runOnce('telegram')).toBeGreaterThanOrEqual(USERS.length);
      for (const user of USERS) {
        const announcement = visible(await said(user.chat, TITLES[user.lang]!));
        expect(announcement).toContain(lead(content.ui[user.lang].new_deadline));
        expect(announcement).not.toContain('Test-Frist');
        expect(announcement).not.toContain('Test deadline');
        if (user.lang === 'ar') expect(firstStrongIsRtl(announcement)).toBe(true);
      }
    } finally {
      await scheduler.stop();
    }
  });

  it('/sprache offers every language by its endonym, and switches an Arabic user among all of them', async () => {
    const h = await startHarness();
    cleanup = () => h.stop();
    const content = h.engine.content;
    const chat = 9010;
    const send = (text: string): void => {
      h.fake.push(textFrom(text, chat, 'ar'));
    };
    const to = (calls: readonly RecordedCall[]) =>
      calls.filter((c) => c.method === 'sendMessage' && c.params.chat_id === chat);
    /** Waits for a message containing `needle` among those sent since the last wait. */
    let seen = 0;
    const said = async (needle: string): Promise<RecordedCall> => {
      const fresh = (all: readonly RecordedCall[]) => to(all).slice(seen);
      const calls = await h.fake.waitFor((all) => fresh(all).some((c) => visible(c).includes(needle)));
      const found = fresh(calls).find((c) => visible(c).includes(needle))!;
      seen = to(calls).indexOf(found) + 1;
      return found;
    };

    send('/sprache');
    const prompt = await said(lead(content.ui.ar.language_prompt));
    const keyboard = prompt.params.reply_markup as { inline_keyboard: { text: string }[][] };
    expect(keyboard.inline_keyboard.flat().map((b) => b.text)).toEqual(
      expect.arrayContaining(LANGUAGES.map((l) => l.endonym)),
    );

    for (const l of [...LANGUAGES.map((x) => x.code), 'ar'] as Lang[]) {
      send(`/sprache ${l}`);
      await said(content.ui[l].language_set);
      send('/whatsapp');
      await said(content.topics.get('whatsapp')!.text[l].title);
    }
  });
});
