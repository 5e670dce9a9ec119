/**
 * Loads and checks the content folder. Every problem is collected with its file and field, so an editor
 * sees all mistakes at once; if there is any, loadContent throws a ContentError and nothing is used.
 */
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Block } from '../message/model.js';
import { ContentError, type ContentIssue } from './errors.js';
import { uiSchema } from './schema.js';
import { RESERVED_COMMANDS } from './commands.js';
import { codesOf, isLang, languageSpec, REGISTRY, type Languages } from './languages.js';
import { type Content, type Lang, type Topic, type TopicText, type UiStrings } from './types.js';
import { checkLimits, lengthWarnings, type ComposedAnswers } from './limits.js';
import { expandLabels, parseLabels, type Labels } from './labels.js';
import { pushZodIssues, readYamlFile } from './content-file.js';
import { readTopic } from './topic-file.js';
import { readDeadlines } from './deadlines-file.js';

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
    // A topic id that is also a bot command (the topic "brief" explains /brief) stays the command's.
    if (!commands.has(topic.id) && topic.id !== 'sources' && topic.id !== 'start' && !RESERVED_COMMANDS.includes(topic.id))
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
