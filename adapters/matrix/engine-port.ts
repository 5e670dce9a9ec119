/**
 * The part of the engine the Matrix adapter uses, plus one capability it derives: whether a word is a
 * command (so `!word` in a group room is answered only when the bot knows it and other bots' commands
 * are left alone).
 */
import type { Content } from '../../src/content/types.js';
import type { EnginePort, IncomingEvent } from '../../src/ports/engine.js';
import type { Reply } from '../../src/message/model.js';

export interface MatrixEngine {
  handle(event: IncomingEvent): Promise<Reply[]>;
  /** The current content (it changes on reload). */
  content(): Content;
  isCommand(name: string): boolean;
  /** The "answer with a number" line in the conversation's language. */
  choiceHint(conversation: string): Promise<string | undefined>;
}

export function matrixEngine(
  engine: Pick<EnginePort, 'handle' | 'resolveLanguage' | 'content' | 'knowsCommand'>,
): MatrixEngine {
  return {
    // Matrix users type commands as "!word" (Element keeps "/" for itself): command lists say so.
    handle: (event) => engine.handle({ commandPrefix: '!', ...event }),
    content: () => engine.content,
    isCommand: (name) => engine.knowsCommand(name),
    choiceHint: async (conversation) =>
      engine.content.ui[await engine.resolveLanguage({ conversation })].choose_number,
  };
}
