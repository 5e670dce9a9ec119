/** content/deadlines.yaml: the "checked" day and the list of deadlines, each in every language. */
import { join } from 'node:path';
import { TZDate } from '@date-fns/tz';
import { MarkupError, parseBlocks } from './markdown.js';
import type { Block } from '../message/model.js';
import type { ContentIssue } from './errors.js';
import { deadlineSchema, deadlinesFileSchema } from './schema.js';
import { isLang } from './languages.js';
import type { Deadline, Lang, Topic } from './types.js';
import { pushZodIssues, readYamlFile } from './content-file.js';

export function readDeadlines(
  dir: string,
  topics: ReadonlyMap<string, Topic>,
  langs: readonly Lang[],
  issues: ContentIssue[],
): { deadlines: Deadline[]; checked: string } {
  const file = 'deadlines.yaml';
  const none = { deadlines: [], checked: '' };
  const rawFile = readYamlFile(join(dir, file), file, issues);
  if (rawFile === undefined) return none;
  if (rawFile === null || Array.isArray(rawFile) || typeof rawFile !== 'object') {
    issues.push({
      file,
      field: '(file)',
      message:
        'must start with "checked: YYYY-MM-DD" (the day the list was last compared with the sources, shown on /frist), followed by "deadlines:" and the list (each entry starting with "- id: ...")',
    });
    return none;
  }
  const head = deadlinesFileSchema.safeParse(rawFile);
  if (!head.success) {
    pushZodIssues(head.error, file, issues, rawFile);
    return none;
  }
  const raw = head.data.deadlines;
  const seen = new Set<string>();
  const out: Deadline[] = [];
  (raw ?? []).forEach((entry: unknown, i: number) => {
    const where = `deadlines[${i}]`;
    const rawTopics = (entry as { topics?: unknown } | null)?.topics;
    if (Array.isArray(rawTopics)) {
      rawTopics.forEach((t: unknown, j) => {
        if (typeof t === 'string' && !topics.has(t))
          issues.push({ file, field: `${where}.topics[${j}]`, message: `unknown topic "${t}"` });
      });
    }
    const parsed = deadlineSchema.safeParse(entry);
    if (!parsed.success) {
      pushZodIssues(parsed.error, file, issues, entry, where);
      return;
    }
    const d = parsed.data;
    let complete = true;
    for (const field of ['title', 'text'] as const) {
      for (const lang of langs) {
        if (d[field][lang] === undefined) {
          issues.push({ file, field: `${where}.${field}.${lang}`, message: 'is missing' });
          complete = false;
        }
      }
      for (const key of Object.keys(d[field]).filter((k) => !langs.includes(k as Lang) && !isLang(k))) {
        issues.push({
          file,
          field: `${where}.${field}.${key}`,
          message: `"${key}" is not a registered language (${langs.join(', ')})`,
        });
        complete = false;
      }
    }
    if (!complete) return;
    if (seen.has(d.id)) issues.push({ file, field: `${where}.id`, message: `"${d.id}" is used twice` });
    seen.add(d.id);
    // A day without a time ("2025-05-27") starts at 00:00 local and is shown as a day.
    const [date, time = '00:00'] = d.at.split('T') as [string, string | undefined];
    const [y, m, day] = date.split('-').map(Number) as [number, number, number];
    const [hh, mm] = time.split(':').map(Number) as [number, number];
    if (hh > 23 || mm > 59 || new Date(Date.UTC(y, m - 1, day)).getUTCDate() !== day) {
      issues.push({ file, field: `${where}.at`, message: `"${d.at}" is not a real date and time` });
      return;
    }
    const text = {} as Record<Lang, Block[]>;
    for (const lang of langs) {
      try {
        text[lang] = parseBlocks(d.text[lang]!);
      } catch (err) {
        if (!(err instanceof MarkupError)) throw err;
        issues.push({ file, field: `${where}.text.${lang}`, message: err.message });
        return;
      }
    }
    out.push({
      id: d.id,
      at: new Date(new TZDate(y, m - 1, day, hh, mm, d.timezone).getTime()),
      ...(d.at.includes('T') ? {} : { day: date }),
      timezone: d.timezone,
      topics: d.topics,
      remindDaysBefore: [...new Set(d.remind_days_before)].sort((a, b) => b - a),
      title: d.title as Record<Lang, string>,
      text,
    });
  });
  return { deadlines: out.sort((a, b) => a.at.getTime() - b.at.getTime()), checked: head.data.checked };
}
