/**
 * Length rules. Every composed answer must fit the strictest platform (Telegram: 4,096 visible characters);
 * the text of a step-by-step guide (`checklist: true`) must stay short enough to follow on a phone; other
 * texts get a warning above a guideline. Content does not know how answers are composed: whoever loads the
 * content for answering hands in the composer's answers (ComposedAnswers, src/engine/answer-measure.ts).
 */
import type { Block } from '../message/model.js';
import { visibleLength } from '../render/measure.js';
import type { ContentIssue } from './errors.js';
import { codesOf } from './languages.js';
import type { Content, Lang, Topic } from './types.js';

export const MAX_VISIBLE_CHARS = 4096;
/** The text (body) of a topic with `checklist: true`, in visible characters: an error above. */
export const MAX_CHECKLIST_BODY_CHARS = 1800;
/** The text (body) of any other topic, in visible characters: a warning above. */
export const BODY_GUIDELINE_CHARS = 2500;
/** Room left for the adapter's own address in the footer (a t.me or matrix.to link). */
const SELF_ALLOWANCE = 80;

/** A measuring port: the finished answers of a topic (title, Stand, body, sources, footer), as blocks. */
export interface ComposedAnswers {
  answer(content: Content, topic: Topic, lang: Lang): readonly Block[];
  sourceList(content: Content, topic: Topic, lang: Lang): readonly Block[];
  /** The "Stand" line as answers show it (checked by the date rules of src/content/i18n-check.ts). */
  standLine(content: Content, lang: Lang, t: { readonly checked: string; readonly stepsAsOf?: string }): string;
}

/**
 * Errors: answers that do not fit into one message (measured when `composed` is given), and step-by-step
 * guides that are too long.
 */
export function checkLimits(content: Content, composed?: ComposedAnswers): ContentIssue[] {
  const issues: ContentIssue[] = [];
  for (const topic of content.topics.values()) {
    for (const lang of codesOf(content.languages)) {
      const finished = composed
        ? ([
            ['answer', composed.answer(content, topic, lang)],
            ['source list', composed.sourceList(content, topic, lang)],
          ] as const)
        : [];
      for (const [what, blocks] of finished) {
        const length = visibleLength(blocks) + SELF_ALLOWANCE;
        if (length > MAX_VISIBLE_CHARS) {
          issues.push({
            file: topic.text[lang].file,
            field: what === 'answer' ? 'body' : 'sources',
            message: `the finished ${what} is ${length} characters with title, Stand and sources; at most ${MAX_VISIBLE_CHARS} fit into one message: shorten it by ${length - MAX_VISIBLE_CHARS}`,
          });
        }
      }
      const body = bodyLength(content, topic.id, lang);
      if (topic.checklist && body > MAX_CHECKLIST_BODY_CHARS) {
        issues.push({
          file: topic.text[lang].file,
          field: 'body',
          message: `the text is ${body} characters; a step-by-step guide (checklist: true) may have at most ${MAX_CHECKLIST_BODY_CHARS} so that it can be followed on a phone: shorten it by ${body - MAX_CHECKLIST_BODY_CHARS}`,
        });
      }
    }
  }
  return issues;
}

/** Warnings: texts of other topics above the guideline. */
export function lengthWarnings(content: Content): ContentIssue[] {
  const warnings: ContentIssue[] = [];
  for (const topic of content.topics.values()) {
    if (topic.checklist) continue;
    for (const lang of codesOf(content.languages)) {
      const body = bodyLength(content, topic.id, lang);
      if (body > BODY_GUIDELINE_CHARS)
        warnings.push({
          file: topic.text[lang].file,
          field: 'body',
          message: `the text is ${body} characters; keep it under about ${BODY_GUIDELINE_CHARS}`,
        });
    }
  }
  return warnings;
}

/** Visible characters of a topic's text (without title, Stand and sources; link addresses not counted). */
function bodyLength(content: Content, topicId: string, lang: Lang): number {
  const topic = content.topics.get(topicId);
  return topic ? visibleLength(topic.text[lang].blocks) : 0;
}
