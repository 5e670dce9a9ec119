/**
 * Conversation ids: the opaque "platform:id" strings the engine, store and scheduler pass around
 * ("telegram:123", "matrix:!room:example.org"). Adapters build and read theirs here; only infrastructure
 * (the scheduler picking a sender, metrics labels) looks at the platform part.
 */

/** The conversation id of a platform's own chat, room or user id. */
export const toConversation = (platform: string, id: string | number): string => `${platform}:${id}`;

/** The platform's own id in a conversation id of that platform; undefined for another platform's (or none). */
export function fromConversation(platform: string, conversation: string): string | undefined {
  const prefix = `${platform}:`;
  return conversation.startsWith(prefix) && conversation.length > prefix.length
    ? conversation.slice(prefix.length)
    : undefined;
}

/** Which platform a conversation id belongs to ("telegram:123" → "telegram"); "" when it names none. */
export const platformOf = (conversation: string): string =>
  conversation.slice(0, Math.max(0, conversation.indexOf(':')));
