/**
 * Decides whether a message is meant for the bot and what text the engine should see. In a direct chat
 * everything is. In a group room only a mention (pill, m.mentions, display name, user id, a reply to the
 * bot) or a known command (`!instagram`, `/instagram`) is; the rest of the room's talk is left alone.
 */
import { parseCommand } from '../../src/message/command-syntax.js';

export interface SelfIdentity {
  readonly userId: string;
  readonly displayName?: string | undefined;
}

export interface IncomingText {
  readonly body: string;
  readonly formattedBody?: string | undefined;
  /** Intentional mentions (m.mentions.user_ids). */
  readonly mentionedUserIds?: readonly string[] | undefined;
  readonly isReply: boolean;
  readonly direct: boolean;
}

/** The text for the engine, or undefined if the message is not for the bot. */
export function addressedText(
  input: IncomingText,
  self: SelfIdentity,
  isCommand: (name: string) => boolean,
): string | undefined {
  const { text, repliedToSelf } = input.isReply
    ? stripReplyFallback(input.body, self.userId)
    : { text: input.body, repliedToSelf: false };
  const leading = stripLeadingMention(text, self);
  const mentioned =
    leading !== undefined ||
    repliedToSelf ||
    (input.mentionedUserIds ?? []).includes(self.userId) ||
    hasPill(input.formattedBody, self.userId);
  const cleaned = (leading ?? text).trim();
  if (input.direct || mentioned) return cleaned;
  const command = parseCommand(cleaned);
  return command && isCommand(command.name) ? cleaned : undefined;
}

/** Removes the "> <@user:server> quoted" lines a rich reply starts with (the spec's reply fallback). */
export function stripReplyFallback(
  body: string,
  selfUserId: string,
): { text: string; repliedToSelf: boolean } {
  const lines = body.split('\n');
  if (!lines[0]?.startsWith('> ')) return { text: body, repliedToSelf: false };
  const repliedToSelf = lines[0].startsWith(`> <${selfUserId}>`);
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith('>')) i += 1;
  while (i < lines.length && lines[i]!.trim() === '') i += 1;
  return { text: lines.slice(i).join('\n'), repliedToSelf };
}

/**
 * "@bot:server text", "@bot text", "Bot: text", "bot, text" → "text"; undefined if the text does not start
 * with the bot. A bare name needs ":" or "," after it, so "bot ist toll" in a group is not a call.
 */
export function stripLeadingMention(text: string, self: SelfIdentity): string | undefined {
  const localpart = self.userId.slice(1).split(':')[0] ?? '';
  // "@bot" and "@bot: text", but not "@bot:other.server" or "@botanist".
  const ids = `${escapeRegExp(self.userId)}|@${escapeRegExp(localpart)}(?![\\w.=/-])(?!:\\S)`;
  const names = [self.displayName, localpart]
    .filter((n): n is string => Boolean(n?.trim()))
    .map(escapeRegExp)
    .join('|');
  const m =
    new RegExp(`^\\s*(?:${ids})(?:\\s*[:,]\\s*|\\s+|$)`, 'iu').exec(text) ??
    (names ? new RegExp(`^\\s*(?:${names})\\s*(?:[:,]\\s*|$)`, 'iu').exec(text) : null);
  return m ? text.slice(m[0].length) : undefined;
}

/** A matrix.to link to the bot in the HTML body, outside a reply quote (<mx-reply>). */
export function hasPill(formattedBody: string | undefined, selfUserId: string): boolean {
  if (!formattedBody) return false;
  const html = formattedBody.replace(/<mx-reply>[\s\S]*?<\/mx-reply>/gi, '');
  for (const m of html.matchAll(/href\s*=\s*["']https:\/\/matrix\.to\/#\/([^"'?]+)/gi)) {
    try {
      if (decodeURIComponent(m[1]!) === selfUserId) return true;
    } catch {
      // A malformed escape is not our user id.
    }
  }
  return false;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
