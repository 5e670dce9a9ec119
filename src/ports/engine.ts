/**
 * What the adapters may use of the engine: answer a turn, and read what they need to render and route
 * (the content, a conversation's language, command words, topics). The Engine class implements it; adapters
 * see only this slice.
 */
import type { Engine } from '../engine/engine.js';

export type { IncomingEvent } from '../engine/turn.js';
export { parseCommand } from '../engine/commands.js';

export type EnginePort = Pick<
  Engine,
  'content' | 'handle' | 'resolveLanguage' | 'webBaseUrl' | 'knowsCommand' | 'topicReply' | 'findTopics'
>;
