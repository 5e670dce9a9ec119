import { afterEach, describe, expect, it } from 'vitest';
import { ALLOWED_UPDATES } from '../../adapters/telegram/index.js';
import { messagesTo, startHarness, type Harness } from './support/harness.js';
import { fixture, myChatMember, textMessage } from './support/updates.js';
import { commandWord, topicText, uiRaw } from './support/content-text.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('Telegram chat membership and start-up', () => {
  it('marks a chat inactive when the user blocks the bot, and active again when they unblock it', async () => {
    h = await startHarness();
    h.fake.push(fixture('my_chat_member_kicked'));
    h.fake.push(textMessage('/start', 'private_start', { id: 9 }));
    await h.fake.waitFor(() => messagesTo(h!.fake, 9).length === 1);
    expect(await h.status.isActive('telegram:123456789')).toBe(false);
    h.fake.push(myChatMember('member'));
    h.fake.push(textMessage('/frist', 'private_start', { id: 9 }));
    await h.fake.waitFor(() => messagesTo(h!.fake, 9).length === 2);
    expect(await h.status.isActive('telegram:123456789')).toBe(true);
  });

  it('asks for exactly the update types it handles, without a webhook in polling mode', async () => {
    h = await startHarness();
    const [poll] = await h.fake.waitForCalls('getUpdates');
    expect(poll!.params.allowed_updates).toEqual([...ALLOWED_UPDATES]);
    expect(h.fake.callsTo('deleteWebhook')).toHaveLength(1);
  });

  it('publishes the command menu in German for German users and in English for everyone else', async () => {
    h = await startHarness();
    const calls = await h.fake.waitForCalls('setMyCommands', 2);
    const de = calls.find((c) => c.params.language_code === 'de')!.params.commands as {
      command: string;
      description: string;
    }[];
    const en = calls.find((c) => c.params.language_code === undefined)!.params.commands as {
      command: string;
      description: string;
    }[];
    expect(de.map((c) => c.command)).toEqual(
      expect.arrayContaining([
        ...['start', 'instagram', 'facebook', 'whatsapp', 'timeline'].map((id) => commandWord(id)),
        'frist',
        'quellen',
        'sprache',
        'datenschutz',
      ]),
    );
    expect(en.map((c) => c.command)).toEqual(
      expect.arrayContaining([
        ...['start', 'instagram', 'timeline'].map((id) => commandWord(id, 'en')),
        'deadline',
        'sources',
        'language',
        'privacy',
      ]),
    );
    expect(de.find((c) => c.command === 'instagram')!.description).toBe(topicText('instagram').title);
    expect(en.find((c) => c.command === 'privacy')!.description).toBe(uiRaw('en', 'cmd_privacy'));
    expect(de.map((c) => c.command)).toEqual(
      expect.arrayContaining(['erinnern', 'stopp', 'status', 'meinedaten', 'vergessen']),
    );
    for (const c of [...de, ...en]) {
      expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(256);
    }
  });

  it('keeps running when setting the command menu fails', async () => {
    h = await startHarness({ start: false });
    h.fake.fail('setMyCommands', { status: 400, description: 'Bad Request: BOT_COMMAND_INVALID' }, 2);
    await h.bot.start();
    h.fake.push(fixture('private_start'));
    await h.fake.waitForCalls('sendMessage');
    expect(h.logs.some((l) => l.includes('setMyCommands failed'))).toBe(true);
  });

  it('refuses to start with a token Telegram does not accept, naming the variable', async () => {
    h = await startHarness({ start: false });
    h.fake.fail('getMe', { status: 401, description: 'Unauthorized' });
    await expect(h.bot.start()).rejects.toThrow(/TELEGRAM_BOT_TOKEN/);
  });

  it('does not start polling when stopped while still starting', async () => {
    h = await startHarness({ start: false });
    h.fake.fail('getMe', { status: 500 }, 1000);
    const starting = h.bot.start();
    await h.fake.waitForCalls('getMe');
    await h.bot.stop();
    await starting;
    h.fake.clearFaults();
    expect(h.fake.callsTo('getUpdates')).toHaveLength(0);
    expect(h.fake.callsTo('deleteWebhook')).toHaveLength(0);
  });

  it('stops idempotently', async () => {
    h = await startHarness();
    const first = h.bot.stop();
    expect(h.bot.stop()).toBe(first);
    await Promise.all([first, h.bot.stop()]);
    await expect(h.bot.stop()).resolves.toBeUndefined();
    expect(h.logs.filter((l) => l.includes('telegram bot stopped'))).toHaveLength(1);
  });
});
