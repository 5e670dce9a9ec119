/**
 * The composer's answers for the content's length check (src/content/limits.ts measures, the engine
 * composes): passed to loadContent by whoever loads content for answering.
 */
import type { ComposedAnswers } from '../content/limits.js';
import { composeSources, composeTopic, standText } from './compose.js';

export const composedAnswers: ComposedAnswers = {
  answer: (content, topic, lang) => composeTopic(content, topic, lang).blocks,
  sourceList: (content, topic, lang) => composeSources(content, topic, lang).blocks,
  standLine: standText,
};
