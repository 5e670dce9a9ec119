/**
 * What one turn is made of: the context handlers get (the neutral event an adapter hands in is defined with
 * the engine's port, src/ports/engine.ts), the guide services the engine's parts answer with, the handler
 * shapes feature modules register, and the notice helper they all answer with. The parts of the engine
 * (builtins.ts, dispatch.ts, start.ts) depend on these types only, never on the Engine class that assembles
 * them, so src/engine/ has no import cycle.
 */
import type { Action } from '../message/actions.js';
import type { Content, Lang, UiKey } from '../content/types.js';
import type { Reply } from '../message/model.js';
import { composeNotice, uiBlocks } from './compose.js';
import type { IncomingEvent } from '../ports/engine.js';

export interface TurnObserver {
  (event: Pick<IncomingEvent, 'conversation'>, seconds: number, replies: number, failed: boolean): void;
}

/** Answers one registered command (src/content/commands.ts); `args` is the text after the command word. */
export interface CommandHandler {
  (ctx: TurnContext, args: string): Promise<Reply[]> | Reply[];
}

/** A button action answered by a feature module. */
export interface ActionHandler {
  (ctx: TurnContext, action: Action): Promise<Reply[]> | Reply[];
}

/** Adds buttons to guide answers (e.g. "Remind me", "Done"); called once per topic and language. */
export interface TopicDecorator {
  (topicId: string, lang: Lang, reply: Reply): Reply;
}

export interface TurnContext {
  readonly event: IncomingEvent;
  readonly lang: Lang;
  readonly content: Content;
}

/** The cached answers of the guide and how words find topics: what the engine's parts answer with. */
export interface GuideServices {
  /** The start topic: the menu. */
  menu(lang: Lang): Reply;
  /** The composed answer for a topic (an unknown id gets the menu). */
  topicReply(topicId: string, lang: Lang): Reply;
  /** The /frist answer. */
  deadlineReply(lang: Lang): Reply;
  /** A topic id, command word or keyword → the topic id, if any. */
  resolveTopic(word: string): string | undefined;
}

export type { IncomingEvent };

/** A short interface text (content/ui.*.yaml) in the turn's language, with the menu's buttons. */
export function notice(ctx: TurnContext, key: UiKey, values: Record<string, string> = {}): Reply {
  return composeNotice(ctx.content, ctx.lang, uiBlocks(ctx.content, ctx.lang, key, values));
}
