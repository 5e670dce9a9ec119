/** Checks that every composed answer fits the strictest platform (Telegram: 4,096 visible characters). */
import { composeSources, composeTopic } from '../engine/compose.js';
import { visibleLength } from '../render/measure.js';
import type { ContentIssue } from './errors.js';
import { codesOf } from './languages.js';
import type { Content } from './types.js';

export const MAX_VISIBLE_CHARS = 4096;
/** Room left for the adapter's own address in the footer (a t.me or matrix.to link). */
const SELF_ALLOWANCE = 80;

export function checkLimits(content: Content): ContentIssue[] {
  const issues: ContentIssue[] = [];
  for (const topic of content.topics.values()) {
    for (const lang of codesOf(content.languages)) {
      for (const [what, reply] of [
        ['answer', composeTopic(content, topic, lang)],
        ['source list', composeSources(content, topic, lang)],
      ] as const) {
        const length = visibleLength(reply.blocks) + SELF_ALLOWANCE;
        if (length > MAX_VISIBLE_CHARS) {
          issues.push({
            file: topic.text[lang].file,
            field: what === 'answer' ? 'body' : 'sources',
            message: `the finished ${what} is ${length} characters with title, Stand and sources; at most ${MAX_VISIBLE_CHARS} fit into one message: shorten it by ${length - MAX_VISIBLE_CHARS}`,
          });
        }
      }
    }
  }
  return issues;
}
