/**
 * The engine as adapters see it: a contract, not the class. An adapter hands in a neutral event and gets
 * neutral replies back; it may also read what it needs to render and route (the content, a conversation's
 * language, command words, topics for inline search). src/engine/engine.ts implements it; nothing here
 * imports the engine.
 */
import type { Content, Lang, Topic } from '../content/types.js';
import type { Reply } from '../message/model.js';

/** One thing a person did, in neutral terms: a message, a button press or a deep link. */
export interface IncomingEvent {
  /** Opaque conversation id, e.g. "telegram:123" or "matrix:!room:server". Never parsed here. */
  readonly conversation: string;
  readonly user?: string;
  /** The platform's language hint (e.g. Telegram's language_code), if any. */
  readonly languageHint?: string | undefined;
  readonly text?: string | undefined;
  /** Encoded button action (callback data). */
  readonly action?: string | undefined;
  /** Deep-link payload, e.g. "instagram" or "instagram_en". */
  readonly startPayload?: string | undefined;
  /** How people type commands on this platform ("/" by default; "!" on Matrix), for command lists. */
  readonly commandPrefix?: string | undefined;
}

export interface EnginePort {
  /** The current content (it changes on reload): UI texts for the adapter's own notices and menus. */
  readonly content: Content;
  /** WEB_BASE_URL when the web guide is published (inline results link to it). */
  readonly webBaseUrl: string | undefined;
  /** Answers one turn. Never throws for user input; a failing store may make it reject. */
  handle(event: IncomingEvent): Promise<Reply[]>;
  /** The language the engine would answer this conversation in (the explicit choice, the hint, the default). */
  resolveLanguage(event: IncomingEvent): Promise<Lang>;
  /**
   * For a button press (`event.action` set): undefined when the guide can carry it out, else a short notice
   * that the button is stale, in the conversation's language, for platforms that show one on the button
   * itself. handle() answers the press either way. Never rejects for a failing language lookup.
   */
  staleButtonNotice(event: IncomingEvent): Promise<string | undefined>;
  /** Whether `name` (without "/" or "!") is a command this bot answers. */
  knowsCommand(name: string): boolean;
  /** The composed answer for a topic (inline mode sends it as an article). */
  topicReply(topicId: string, lang: Lang): Reply;
  /** Topics matching a search (inline mode): the routed one first, then the menu's. */
  findTopics(query: string): Topic[];
}
