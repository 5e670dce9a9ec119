/** One topic file (content/topics/<id>.<lang>.md): its YAML header, its Markdown body and their checks. */
import { parse as parseYaml } from 'yaml';
import { MarkupError, parseBlocks } from './markdown.js';
import type { Block } from '../message/model.js';
import type { ContentIssue } from './errors.js';
import { topicHeaderSchema, type TopicHeader } from './schema.js';
import type { TopicText } from './types.js';
import { pushZodIssues, readText, yamlMessage } from './content-file.js';

export function readTopic(
  path: string,
  file: string,
  id: string,
  issues: ContentIssue[],
): { text: TopicText; checklist: boolean } | undefined {
  const source = readText(path, file, issues);
  if (source === undefined) return undefined;
  const fm = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(source);
  if (!fm) {
    issues.push({ file, field: '(header)', message: 'must start with a header between two "---" lines' });
    return undefined;
  }
  let header: unknown;
  try {
    header = parseYaml(fm[1]!);
  } catch (err) {
    issues.push({ file, field: '(header)', message: yamlMessage(err, 1) });
    return undefined;
  }
  const parsed = topicHeaderSchema.safeParse(header);
  if (!parsed.success) {
    pushZodIssues(parsed.error, file, issues, header);
    return undefined;
  }
  const h: TopicHeader = parsed.data;
  if (h.id !== id) issues.push({ file, field: 'id', message: `is "${h.id}" but the file name says "${id}"` });
  const bodyStart = fm[0].split('\n').length;
  const body = source.slice(fm[0].length);
  let blocks: Block[];
  try {
    blocks = parseBlocks(body, bodyStart);
  } catch (err) {
    if (!(err instanceof MarkupError)) throw err;
    issues.push({ file, field: `body (line ${err.line})`, message: err.message });
    return undefined;
  }
  if (!blocks.length) issues.push({ file, field: 'body', message: 'the answer text is empty' });
  if (/^\s*(Stand|As of)\b/im.test(body)) {
    issues.push({
      file,
      field: 'body',
      message: 'do not write the "Stand" line yourself: the bot adds it from "checked"',
    });
  }
  if (h.steps_as_of !== undefined && h.steps_as_of > h.checked.slice(0, 7))
    issues.push({
      file,
      field: 'steps_as_of',
      message: `${h.steps_as_of} is after "checked" (${h.checked}): the sources of the steps cannot be newer than the last review`,
    });
  issues.push(...stepsDateIssues(file, h, blocks));
  const text: TopicText = {
    file,
    title: h.title,
    summary: h.summary,
    button: h.button,
    commands: h.commands,
    keywords: h.keywords,
    related: h.related,
    checked: h.checked,
    stepsAsOf: h.steps_as_of,
    sources: h.sources,
    blocks,
    reviewed: h.reviewed,
  };
  return { text, checklist: h.checklist };
}

/**
 * A topic with steps (a numbered list) says when they were last confirmed by a source (`steps_as_of`), so
 * the "Stand" line cannot make 2025 steps look like they were tested on the day of the last review; and
 * that month cannot be later than the newest dated source, or the date would claim a confirmation no
 * source gives.
 */
function stepsDateIssues(file: string, h: TopicHeader, blocks: readonly Block[]): ContentIssue[] {
  const hasSteps = blocks.some((b) => b.kind === 'list' && b.ordered);
  if (h.steps_as_of === undefined)
    return hasSteps
      ? [
          {
            file,
            field: 'steps_as_of',
            message:
              'is missing: the text has numbered steps, so say in which month a source last confirmed them (steps_as_of: YYYY-MM, e.g. 2025-05); "checked" only says when the sources were reviewed',
          },
        ]
      : [];
  const months = h.sources.map((s) => s.date.slice(0, 7)).filter((d) => /^\d{4}-\d{2}$/.test(d));
  const newest = months.sort().at(-1);
  if (newest === undefined)
    return [
      {
        file,
        field: 'steps_as_of',
        message: `is ${h.steps_as_of}, but no source has a date: add the dated source that confirms the steps`,
      },
    ];
  if (h.steps_as_of > newest)
    return [
      {
        file,
        field: 'steps_as_of',
        message: `${h.steps_as_of} is later than the newest source (${newest}): the steps can only be as recent as a source that describes them`,
      },
    ];
  return [];
}
