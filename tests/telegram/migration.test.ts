/** A group that becomes a supergroup: the service messages in both chats move what is stored to the new id. */
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const service = (chatId: number, type: 'group' | 'supergroup', extra: object) => ({
  message: {
    message_id: 7,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chatId, type, title: 'Gruppe' },
    from: { id: 42, is_bot: false, first_name: 'A' },
    ...extra,
  },
});

describe('Telegram supergroup migration', () => {
  it('moves the chat on migrate_to_chat_id and on migrate_from_chat_id, and answers neither', async () => {
    const moves: string[][] = [];
    let seen = 0;
    h = await startHarness({
      moveConversation: (from, to) => {
        moves.push([from, to]);
        seen++;
        return Promise.resolve();
      },
    });
    h.fake.push(service(-42, 'group', { migrate_to_chat_id: -1000042 }));
    h.fake.push(service(-1000042, 'supergroup', { migrate_from_chat_id: -42 }));
    const end = Date.now() + 10_000;
    while (seen < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(moves).toEqual([
      ['telegram:-42', 'telegram:-1000042'],
      ['telegram:-42', 'telegram:-1000042'],
    ]);
    expect(h.fake.callsTo('sendMessage')).toHaveLength(0);
  });
});
