/**
 * Loads and checks the content folder. Every problem is collected with its file and field, so an editor
 * sees all mistakes at once; if there is any, loadContent throws a ContentError and nothing is used.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { TZDate } from '@date-fns/tz';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { MarkupError, parseBlocks } from './markdown.js';
import type { Block } from '../message/model.js';
import { ContentError, type ContentIssue } from './errors.js';
import { deadlineSchema, deadlinesFileSchema, fieldPath, topicHeaderSchema, uiSchema, type TopicHeader } from './schema.js';
import { RESERVED_COMMANDS } from './commands.js';
import { codesOf, isLang, languageSpec, REGISTRY, type Languages } from './languages.js';
import {
  type Content,
  type Deadline,
  type Lang,
  type Topic,
  type TopicText,
  type UiStrings,
} from './types.js';
import { checkLimits, lengthWarnings, type ComposedAnswers } from './limits.js';
import { expandLabels, parseLabels, type Labels } from './labels.js';

/** Files larger than this are refused before parsing (a guard against a wrong file in the folder). */
const MAX_FILE_BYTES = 256 * 1024;

export interface LoadOptions {
  /** The languages to load (default: the registry in languages.ts); tests pass their own. */
  readonly languages?: Languages;
  /**
   * The engine's composed answers, so that every finished answer is checked against the platform limit
   * (src/engine/answer-measure.ts). The bot, `content:check` and `build:web` pass it; without it only the
   * texts themselves are measured.
   */
  readonly composed?: ComposedAnswers | undefined;
}

export function loadContent(dir: string, opts: LoadOptions = {}): Content {
  const languages = opts.languages ?? REGISTRY;
  const langs = codesOf(languages);
  const issues: ContentIssue[] = [];
  const topicsDir = join(dir, 'topics');
  if (!existsSync(topicsDir))
    throw new ContentError([{ file: topicsDir, field: '(folder)', message: 'folder not found' }]);

  const texts = new Map<string, Partial<Record<Lang, TopicText>>>();
  /** Topic files present, valid or not, so a broken file is not also reported as missing. */
  const present = new Set<string>();
  const checklistFlags = new Map<string, boolean>();
  for (const name of readdirSync(topicsDir).sort()) {
    if (!name.endsWith('.md')) continue;
    const file = join('topics', name);
    const match = /^([a-z0-9_]+)\.([a-z]{2,3}(?:-[a-z]+)?)\.md$/.exec(name);
    if (!match) {
      issues.push({
        file,
        field: '(file name)',
        message: `must be named <topic>.<language>.md, the language one of ${langs.join(', ')}`,
      });
      continue;
    }
    const [, id, lang] = match as unknown as [string, string, Lang];
    // A registered language the bot was told not to serve (LANGUAGES): its files are simply not loaded.
    if (!langs.includes(lang) && isLang(lang)) continue;
    if (!langs.includes(lang)) {
      issues.push({
        file,
        field: '(file name)',
        message: `"${lang}" is not a registered language (${langs.join(', ')}; see src/content/languages.ts)`,
      });
      continue;
    }
    present.add(`${id}.${lang}`);
    const read = readTopic(join(dir, file), file, id, issues);
    if (read) {
      texts.set(id, { ...texts.get(id), [lang]: read.text });
      checklistFlags.set(`${id}.${lang}`, read.checklist);
    }
  }

  const topics = new Map<string, Topic>();
  const ids = new Set([...present].map((p) => p.split('.')[0]!));
  for (const id of ids) {
    const missing = langs.filter((lang) => !present.has(`${id}.${lang}`));
    for (const lang of missing) {
      issues.push({
        file: join('topics', `${id}.${lang}.md`),
        field: '(file)',
        message: `missing: every topic needs every registered language (${langs.join(', ')})`,
      });
    }
    const byLang = texts.get(id);
    if (byLang && langs.every((lang) => byLang[lang])) {
      const months = new Set(langs.map((lang) => byLang[lang]!.stepsAsOf ?? '(none)'));
      if (months.size > 1)
        issues.push({
          file: byLang[langs[1] ?? langs[0]!]!.file,
          field: 'steps_as_of',
          message: `differs between the languages (${langs.map((l) => `${l}: ${byLang[l]!.stepsAsOf ?? 'not set'}`).join(', ')}); both files describe the same steps`,
        });
      topics.set(id, {
        id,
        checklist: langs.some((lang) => checklistFlags.get(`${id}.${lang}`)),
        text: byLang as Record<Lang, TopicText>,
      });
    }
  }
  for (const required of ['start', 'sources']) {
    if (!ids.has(required))
      issues.push({
        file: join('topics', `${required}.de.md`),
        field: '(file)',
        message: `the topic "${required}" is required`,
      });
  }

  const commands = new Map<string, string>();
  for (const topic of topics.values()) {
    for (const lang of langs) {
      const t = topic.text[lang];
      t.commands.forEach((command, i) => {
        const owner = commands.get(command);
        if (RESERVED_COMMANDS.includes(command)) {
          issues.push({
            file: t.file,
            field: `commands[${i}]`,
            message: `"${command}" is reserved for the bot's own command`,
          });
        } else if (owner && owner !== topic.id) {
          issues.push({
            file: t.file,
            field: `commands[${i}]`,
            message: `"${command}" is already used by topic "${owner}"`,
          });
        } else {
          commands.set(command, topic.id);
        }
      });
      t.related.forEach((rel, i) => {
        if (!ids.has(rel))
          issues.push({ file: t.file, field: `related[${i}]`, message: `unknown topic "${rel}"` });
      });
    }
    if (!commands.has(topic.id) && topic.id !== 'sources' && topic.id !== 'start')
      commands.set(topic.id, topic.id);
  }

  const { deadlines, checked: deadlinesChecked } = readDeadlines(dir, topics, langs, issues);
  const ui = {} as Record<Lang, UiStrings>;
  for (const lang of langs) {
    const file = `ui.${lang}.yaml`;
    const raw = readYamlFile(join(dir, file), file, issues);
    if (raw === undefined) continue;
    const parsed = uiSchema.safeParse(raw);
    if (!parsed.success) pushZodIssues(parsed.error, file, issues, raw);
    else ui[lang] = parsed.data;
  }

  const labels = existsSync(join(dir, 'labels.yaml'))
    ? parseLabels(readYamlFile(join(dir, 'labels.yaml'), 'labels.yaml', issues), languages, issues)
    : new Map<string, never>();
  if (issues.length) throw new ContentError(issues);
  const expanded = withLabels(topics, labels, ui, languages, issues);
  if (issues.length) throw new ContentError(issues);
  const content: Content = { dir, languages, topics: expanded, commands, deadlines, deadlinesChecked, ui, labels };
  const limitIssues = checkLimits(content, opts.composed);
  if (limitIssues.length) throw new ContentError(limitIssues);
  return { ...content, warnings: lengthWarnings(content) };
}

/**
 * Every topic text with its label references expanded for its language (content/labels.yaml); a reference
 * to an unknown id is an issue naming the file.
 */
function withLabels(
  topics: ReadonlyMap<string, Topic>,
  labels: Labels,
  ui: Readonly<Record<Lang, UiStrings>>,
  languages: Languages,
  issues: ContentIssue[],
): Map<string, Topic> {
  const out = new Map<string, Topic>();
  for (const [id, topic] of topics) {
    const text = {} as Record<Lang, TopicText>;
    for (const [lang, t] of Object.entries(topic.text) as [Lang, TopicText][]) {
      const note: Block = {
        kind: 'paragraph',
        content: [{ kind: 'italic', children: [{ kind: 'text', text: ui[lang].labels_unconfirmed }] }],
      };
      const e = expandLabels(t.blocks, lang, labels, languages, note);
      for (const unknown of e.unknown)
        issues.push({
          file: t.file,
          field: 'body',
          message: `{{${unknown}}} is not a label in labels.yaml`,
        });
      if (t.reviewed !== undefined && !languageSpec(lang, languages)?.translatedFrom)
        issues.push({
          file: t.file,
          field: 'reviewed',
          message: 'is for translations only: this language is the source (or kept in parallel)',
        });
      text[lang] = e.used.length ? { ...t, blocks: e.blocks, labelsUnconfirmed: e.unconfirmed } : t;
    }
    out.set(id, { ...topic, text });
  }
  return out;
}

function readTopic(
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

function readDeadlines(
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

function readText(path: string, file: string, issues: ContentIssue[]): string | undefined {
  try {
    const buf = readFileSync(path);
    if (buf.length > MAX_FILE_BYTES) {
      issues.push({
        file,
        field: '(file)',
        message: `is ${buf.length} bytes; at most ${MAX_FILE_BYTES} are allowed`,
      });
      return undefined;
    }
    const textValue = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return textValue.replace(/^\uFEFF/, '');
  } catch (err) {
    const message =
      err instanceof TypeError
        ? 'is not valid UTF-8 text'
        : `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
    issues.push({ file, field: '(file)', message });
    return undefined;
  }
}

function readYamlFile(path: string, file: string, issues: ContentIssue[]): unknown {
  const source = readText(path, file, issues);
  if (source === undefined) return undefined;
  try {
    return parseYaml(source) ?? null;
  } catch (err) {
    issues.push({ file, field: '(file)', message: yamlMessage(err, 0) });
    return undefined;
  }
}

function yamlMessage(err: unknown, lineOffset: number): string {
  if (err instanceof YAMLParseError) {
    const line = (err.linePos?.[0]?.line ?? 0) + lineOffset;
    return `YAML syntax error${line ? ` at line ${line}` : ''}: ${err.message.split('\n')[0]}`;
  }
  return `YAML syntax error: ${String(err)}`;
}

function pushZodIssues(
  error: z.ZodError,
  file: string,
  issues: ContentIssue[],
  raw: unknown,
  prefix = '',
): void {
  for (const issue of error.issues) {
    const path = fieldPath(issue.path);
    const field = prefix
      ? path === '(file)'
        ? prefix
        : `${prefix}${path.startsWith('[') ? '' : '.'}${path}`
      : path;
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`
        : issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined
          ? 'is missing'
          : issue.message;
    issues.push({ file, field, message });
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
