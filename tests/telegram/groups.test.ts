import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesTo, startHarness, type Harness } from './support/harness.js';
import { fixture, textMessage } from './support/updates.js';
import { visibleText } from './support/bot-api-rules.js';
import { boldTitle, uiText } from './support/content-text.js';

const GROUP = -1001234567890;
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

/** Pushes `update`, then a command the bot surely answers; once that answer is in, `update` was handled. */
async function answersTo(update: Parameters<Harness['fake']['push']>[0]): Promise<string[]> {
  const before = messagesTo(h.fake, GROUP).length;
  h.fake.push(update);
  h.fake.push(textMessage('/frist@KiWiderspruchTestBot', 'group_command'));
  await h.fake.waitFor(() =>
    messagesTo(h.fake, GROUP)
      .slice(before)
      .some((c) => String(c.params.text).includes('<b>Fristen')),
  );
  return messagesTo(h.fake, GROUP)
    .slice(before)
    .map((c) => String(c.params.text))
    .filter((t) => !visibleText(t).startsWith(uiText('de', 'deadline_heading')));
}

describe('Telegram bot in a group', () => {
  it('answers a command addressed to it, as a reply to the message', async () => {
    h.fake.push(fixture('group_command'));
    await h.fake.waitFor(() => messagesTo(h.fake, GROUP).length > 0);
    const [call] = messagesTo(h.fake, GROUP);
    expect(String(call!.params.text).startsWith(boldTitle('instagram'))).toBe(true);
    expect(call!.params.reply_parameters).toEqual({ message_id: 88, allow_sending_without_reply: true });
  });

  it('answers a mention, reading the question without the @name', async () => {
    const answers = await answersTo(fixture('group_mention'));
    expect(answers).toHaveLength(1);
    expect(answers[0]!.startsWith(boldTitle('facebook'))).toBe(true);
  });

  it('answers its own commands without an address, and a reply to one of its messages', async () => {
    const reply = textMessage('und whatsapp?', 'group_chatter');
    reply.message!.reply_to_message = {
      message_id: 5,
      date: 0,
      chat: reply.message!.chat,
      from: { id: 7000000001, is_bot: true, first_name: 'KI-Widerspruch' },
    } as never;
    expect(await answersTo(textMessage('/threads', 'group_chatter'))).toEqual([
      expect.stringMatching(/^<b>Threads: /),
    ]);
    expect(await answersTo(reply)).toEqual([expect.stringMatching(/^<b>WhatsApp: /)]);
  });

  it('answers a feature command without an address (one registered with the engine)', async () => {
    // /status has no handler in this bare engine (no reminders feature): bind a test one.
    h.engine.registerCommand('status', () => [
      { blocks: [{ kind: 'paragraph', content: [{ kind: 'text', text: 'feature' }] }], buttons: [] },
    ]);
    expect(await answersTo(textMessage('/status', 'group_chatter'))).toEqual(['feature']);
  });

  it('stays quiet for chatter, for commands of other bots and for unknown bare commands', async () => {
    expect(await answersTo(fixture('group_chatter'))).toEqual([]);
    expect(await answersTo(textMessage('/instagram@AndererBot', 'group_chatter'))).toEqual([]);
    expect(await answersTo(textMessage('/roll 2d6', 'group_chatter'))).toEqual([]);
    const other = textMessage('@jemand instagram?', 'group_chatter');
    other.message!.entities = [{ type: 'mention', offset: 0, length: 7 }];
    expect(await answersTo(other)).toEqual([]);
  });

  it('answers in the forum topic the question was asked in', async () => {
    const update = fixture('group_command');
    update.message = { ...update.message!, message_thread_id: 42, is_topic_message: true };
    h.fake.push(update);
    await h.fake.waitFor(() => messagesTo(h.fake, GROUP).some((c) => c.params.message_thread_id === 42));
  });
});
