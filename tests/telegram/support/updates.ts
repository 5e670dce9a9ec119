/** Real-shaped updates: the JSON fixtures, and variations of them (other text, chat, data, status). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Update } from 'grammy/types';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

export type FixtureName =
  | 'private_start'
  | 'private_deep_link'
  | 'group_command'
  | 'group_mention'
  | 'group_chatter'
  | 'callback_query'
  | 'inline_query'
  | 'my_chat_member_kicked';

const loaded = new Map<FixtureName, Update>();

/** A fresh copy of a fixture, without its update_id (the fake server numbers updates). */
export function fixture(name: FixtureName): Omit<Update, 'update_id'> {
  let update = loaded.get(name);
  if (!update)
    loaded.set(name, (update = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Update));
  const { update_id: _ignored, ...rest } = structuredClone(update);
  return rest;
}

/** A message update like `base` with another text; a leading /command gets its bot_command entity. */
export function textMessage(
  text: string,
  base: FixtureName = 'private_start',
  chat?: { id: number },
): Omit<Update, 'update_id'> {
  const update = fixture(base);
  const { entities: _entities, ...message } = update.message!;
  const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
  const rest: NonNullable<Update['message']> = {
    ...message,
    text,
    ...(command
      ? { entities: [{ offset: 0, length: command[0].length, type: 'bot_command' as const }] }
      : {}),
  };
  if (chat) {
    rest.chat = { ...message.chat, id: chat.id };
    if (message.chat.type === 'private') rest.from = { ...message.from, id: chat.id };
  }
  return { message: rest };
}

export function callback(data: string | undefined, chatId?: number): Omit<Update, 'update_id'> {
  const update = fixture('callback_query');
  const query = { ...update.callback_query!, id: `cb${Math.random().toString(36).slice(2)}` };
  if (data === undefined) delete query.data;
  else query.data = data;
  if (chatId !== undefined && query.message)
    query.message = { ...query.message, chat: { ...query.message.chat, id: chatId } };
  return { callback_query: query };
}

export function inlineQuery(query: string, languageCode = 'de'): Omit<Update, 'update_id'> {
  const update = fixture('inline_query');
  return {
    inline_query: {
      ...update.inline_query!,
      query,
      from: { ...update.inline_query!.from, language_code: languageCode },
    },
  };
}

export function myChatMember(status: 'kicked' | 'member', chatId = 123456789): Omit<Update, 'update_id'> {
  const update = fixture('my_chat_member_kicked');
  const change = update.my_chat_member!;
  const old = status === 'kicked' ? change.old_chat_member : change.new_chat_member;
  const next =
    status === 'kicked'
      ? change.new_chat_member
      : { user: change.new_chat_member.user, status: 'member' as const };
  return {
    my_chat_member: {
      ...change,
      chat: { ...change.chat, id: chatId },
      old_chat_member: old,
      new_chat_member: next,
    },
  };
}
