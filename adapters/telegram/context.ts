/** What every handler gets: grammY's context with a per-update logger, and the adapter's dependencies. */
import type { Api, Context } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { EnginePort } from '../../src/ports/engine.js';
import type { ConversationStatus } from '../../src/ports/platform.js';
import type { Logger } from '../../src/ports/capabilities.js';
import { fromConversation, toConversation } from '../../src/ports/conversation.js';
import type { RenderedReply } from './render.js';
import type { Reply } from '../../src/message/model.js';

export type BotContext = Context & { log: Logger };

export interface HandlerDeps {
  readonly engine: EnginePort;
  readonly status: ConversationStatus;
  /** The renderer for this bot (its username and inline mode come from getMe). */
  readonly renderer: (me: UserFromGetMe) => (reply: Reply) => RenderedReply;
}

export const PLATFORM = 'telegram';

/** The opaque conversation id the engine and store use for a Telegram chat (or user). */
export const conversationId = (chatId: number): string => toConversation(PLATFORM, chatId);

/** The chat id in a conversation id of ours, or undefined if it is not one. */
export function chatIdOf(conversation: string): number | undefined {
  const id = fromConversation(PLATFORM, conversation);
  return id !== undefined && /^-?\d{1,16}$/.test(id) ? Number(id) : undefined;
}

/** grammY types its abort signals with the abort-controller polyfill; Node's own are the same at run time. */
export type ApiSignal = NonNullable<Parameters<Api['getMe']>[0]>;
export const apiSignal = (signal: AbortSignal | undefined): ApiSignal | undefined =>
  signal as unknown as ApiSignal | undefined;
/** The other way: the signal grammY hands to a transformer or the runner, as Node's AbortSignal. */
export const nodeSignal = (signal: ApiSignal | undefined): AbortSignal | undefined =>
  signal as unknown as AbortSignal | undefined;
