/**
 * What one turn is made of: the neutral event an adapter hands in, the context handlers get, the handler
 * shapes feature modules register, and the notice helper they all answer with.
 */
import type { Action } from '../message/actions.js';
import type { Content, Lang, UiKey } from '../content/types.js';
import type { Reply } from '../message/model.js';
import { composeNotice, uiBlocks } from './compose.js';
import type { Engine } from './engine.js';

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
  readonly engine: Engine;
}

/** A short interface text (content/ui.*.yaml) in the turn's language, with the menu's buttons. */
export function notice(ctx: TurnContext, key: UiKey, values: Record<string, string> = {}): Reply {
  return composeNotice(ctx.content, ctx.lang, uiBlocks(ctx.content, ctx.lang, key, values));
}
