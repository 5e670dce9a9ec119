/**
 * One language rule for answers and reminders (languageOf): an explicit choice, else the hint last seen
 * from that person (kept with the subscription), else German. End to end on Telegram: a subscriber whose
 * app is in English and who never chose a language is told about a new deadline in English. And /status
 * lists the planned reminders (what and when, in the person's time zone), not only their count.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Content } from '../../src/content/types.js';
import { registerReminders } from '../../src/features/reminders.js';
import { syncDeadlines } from '../../src/scheduler/planner.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { plain } from '../helpers/engine.js';
import { VirtualTime } from '../helpers/virtual-time.js';
import { startHarness, type Harness } from '../telegram/support/harness.js';
import { textMessage } from '../telegram/support/updates.js';
import { contentWith, FUTURE_DEADLINE, makeBed, type Bed } from './setup.js';
import { telegramScheduler } from '../helpers/telegram-scheduler.js';

const ANNA = 123456789;

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/** An English-speaking Telegram user (language_code "en") sending a text. */
function english(text: string) {
  const update = textMessage(text);
  update.message!.from = { ...update.message!.from, language_code: 'en' };
  return update;
}

describe('the language of reminders', () => {
  it('tells an English-speaking Telegram subscriber who never chose a language about a new deadline in English', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lang-'));
    const clock = new VirtualTime(new Date('2027-01-04T10:00:00Z')); // 11:00 in Berlin: inside the send window
    const store = new SqliteStore(join(dir, 'bot.sqlite'), { clock });
    let content: Content = contentWith('');
    const h: Harness = await startHarness();
    cleanup = async () => {
      await h.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    };
    h.engine.reload(content);
    registerReminders(h.engine, { store, nudge: () => undefined });

    h.fake.push(english('/remind'));
    const [ack] = await h.fake.waitForCalls('sendMessage', 1);
    expect(String(ack!.params.text)).toContain(content.ui.en.subscribed.split('{')[0]!.trim());
    expect(await store.getSettings(`telegram:${ANNA}`)).toMatchObject({ lang: undefined, langHint: 'en' });

    // A new deadline appears in the content: the subscriber is told about it by the scheduler.
    content = contentWith(FUTURE_DEADLINE);
    await syncDeadlines(store, content, clock.now());
    const scheduler = telegramScheduler(store, () => content, h.bot, clock);
    expect(await scheduler.runOnce('telegram')).toBeGreaterThan(0);
    const calls = await h.fake.waitForCalls('sendMessage', 2);
    const announcement = String(calls[1]!.params.text);
    expect(announcement).toContain('Test deadline');
    expect(announcement).not.toContain('Test-Frist');
    await scheduler.stop();
  });

  it('keeps German for a subscriber without a hint, and an explicit choice over any hint', async () => {
    const bed = await makeBed({ content: contentWith('') });
    cleanup = () => bed.dispose();
    await bed.engine.handle({ conversation: 'test:de', text: '/erinnern' });
    await bed.engine.handle({ conversation: 'test:chosen', text: '/sprache de', languageHint: 'en' });
    await bed.engine.handle({ conversation: 'test:chosen', text: '/remind', languageHint: 'en' });
    bed.content = contentWith(FUTURE_DEADLINE);
    await syncDeadlines(bed.store, bed.content, bed.vt.now());
    await bed.runUntil('2027-01-02T00:00:00Z');
    expect(bed.sender.to('test:de')[0]!.text).toMatch(/Neuer Stichtag: Test-Frist/);
    expect(bed.sender.to('test:chosen')[0]!.text).toMatch(/Neuer Stichtag: Test-Frist/);
  });

  it('follows the hint the person last used, for subscribers who never chose', async () => {
    const bed = await makeBed({ content: contentWith('') });
    cleanup = () => bed.dispose();
    await bed.engine.handle({ conversation: 'test:1', text: '/erinnern', languageHint: 'de' });
    await bed.engine.handle({ conversation: 'test:1', text: '/instagram', languageHint: 'en-GB' });
    expect((await bed.store.getSettings('test:1'))?.langHint).toBe('en');
    bed.content = contentWith(FUTURE_DEADLINE);
    await syncDeadlines(bed.store, bed.content, bed.vt.now());
    await bed.runUntil('2027-01-02T00:00:00Z');
    expect(bed.sender.to('test:1')[0]!.text).toMatch(/New key date: Test deadline/);
  });
});

describe('/status', () => {
  let bed: Bed;
  it('lists the next planned reminders with what and when in the person’s time zone, then how many more', async () => {
    bed = await makeBed();
    cleanup = () => bed.dispose();
    await syncDeadlines(bed.store, bed.content, bed.vt.now());
    await bed.say('test:1', '/zeitzone America/New_York');
    await bed.say('test:1', '/erinnern');
    const [status] = await bed.engine.handle({ conversation: 'test:1', text: '/status' });
    const text = plain(status!);
    // 7, 1 and 0 days before 20 January 2027 at 10:00 local time (New York).
    expect(text).toMatch(/Geplante Erinnerungen: 3/);
    expect(text).toContain('13. Januar 2027, 10:00 Uhr: Test-Frist');
    expect(text).toContain('20. Januar 2027, 10:00 Uhr: Test-Frist');
    expect(text).not.toMatch(/weitere/);

    for (const days of [1, 7]) await bed.press('test:1', `p:instagram:${days}`);
    await bed.press('test:1', 'p:facebook:1');
    const [more] = await bed.engine.handle({ conversation: 'test:1', text: '/status' });
    expect(plain(more!)).toMatch(/Geplante Erinnerungen: 6/);
    expect(plain(more!)).toMatch(/… und 1 weitere/);
  });

  it('says the count in English for an English conversation', async () => {
    bed = await makeBed();
    cleanup = () => bed.dispose();
    await syncDeadlines(bed.store, bed.content, bed.vt.now());
    await bed.engine.handle({ conversation: 'test:2', text: '/remind', languageHint: 'en' });
    const [status] = await bed.engine.handle({ conversation: 'test:2', text: '/status', languageHint: 'en' });
    expect(plain(status!)).toContain('13 January 2027, 10:00: Test deadline');
  });
});
