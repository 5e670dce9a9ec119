/**
 * Which group messages are meant for the bot: commands addressed to it ("/instagram@ourbot"), its own
 * commands without an address ("/instagram", as Telegram sends them to every bot in the group), mentions
 * (@ourbot, or a text mention of it) and replies to its messages. Everything else gets no answer.
 */
import type { Message, MessageEntity, UserFromGetMe } from 'grammy/types';

/** The text to hand to the engine, with the bot's @name removed, or undefined to stay quiet. */
export function addressedText(
  message: Message,
  me: UserFromGetMe,
  knowsCommand: (name: string) => boolean,
): string | undefined {
  const text = message.text;
  if (text === undefined) return undefined;
  const entities = message.entities ?? [];
  const username = me.username.toLowerCase();

  const command = entities.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (command) {
    const [name = '', target] = text.slice(1, command.length).split('@');
    if (target !== undefined) {
      return target.toLowerCase() === username ? `/${name}${text.slice(command.length)}` : undefined;
    }
    return knowsCommand(name.toLowerCase()) ? text : undefined;
  }

  const mentions = entities.filter((e) => isMentionOfMe(e, text, me));
  if (mentions.length) return removeRanges(text, mentions).replace(/\s+/g, ' ').trim();

  return message.reply_to_message?.from?.id === me.id ? text : undefined;
}

function isMentionOfMe(entity: MessageEntity, text: string, me: UserFromGetMe): boolean {
  if (entity.type === 'text_mention') return entity.user.id === me.id;
  if (entity.type !== 'mention') return false;
  return (
    text.slice(entity.offset + 1, entity.offset + entity.length).toLowerCase() === me.username.toLowerCase()
  );
}

/** Removes entity ranges (UTF-16 offsets, as Telegram counts them) from the text. */
function removeRanges(text: string, ranges: readonly MessageEntity[]): string {
  let out = '';
  let at = 0;
  for (const r of [...ranges].sort((a, b) => a.offset - b.offset)) {
    out += text.slice(at, r.offset);
    at = Math.max(at, r.offset + r.length);
  }
  return out + text.slice(at);
}
