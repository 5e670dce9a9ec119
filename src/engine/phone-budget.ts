/**
 * The phone budget: how long an answer is as a Telegram user sees it on a phone, and on which line its
 * first step starts. Measured on the neutral reply the bot sends (links count as their link text, as
 * Telegram hides the address behind it; the footer is included), laid out the way the Telegram renderer
 * lays it out: a blank line between blocks, one line per list item, wrapped at about PHONE_LINE_CHARS
 * characters per line (a phone in portrait). `npm run content:check` prints the figures and enforces them
 * for PHONE_BUDGET_TOPICS.
 */
import { codesOf } from '../content/languages.js';
import type { Content, Lang } from '../content/types.js';
import { plainInline, type Block, type Reply } from '../message/model.js';
import { composeTopic } from './compose.js';

/** The guides people follow on a phone, step by step: they must fit the budget in every language. */
const PHONE_BUDGET_TOPICS: readonly string[] = ['instagram', 'facebook'];
/** At most this many characters, footer included, as a Telegram user sees them. */
const PHONE_MAX_CHARS = 1600;
/** Characters per rendered line on a phone (portrait, default font size). */
const PHONE_LINE_CHARS = 38;
/** Step 1 must start on this line or earlier (title and blank lines count), i.e. on the first screen. */
const PHONE_FIRST_STEP_LINE = 8;
/** Stands in for the bot's own address (its t.me link) that the Telegram adapter puts in the footer. */
const SELF_LABEL = 'https://t.me/ki_widerspruch_bot';

interface PhoneLayout {
  /** The text as Telegram shows it (links as their text). */
  readonly text: string;
  /** The rendered lines, wrapped at PHONE_LINE_CHARS; blank lines between blocks included. */
  readonly lines: readonly string[];
  /** 1-based line on which the first numbered step starts; undefined without numbered steps. */
  readonly firstStepLine: number | undefined;
}

/** Greedy word wrap at `width` characters; a word longer than a line is cut. */
function wrap(line: string, width = PHONE_LINE_CHARS): string[] {
  const out: string[] = [];
  let current = '';
  for (let word of line.split(' ')) {
    while (word.length > width) {
      if (current) out.push(current);
      current = '';
      out.push(word.slice(0, width));
      word = word.slice(width);
    }
    if (!current) current = word;
    else if (current.length + 1 + word.length <= width) current += ` ${word}`;
    else {
      out.push(current);
      current = word;
    }
  }
  out.push(current);
  return out;
}

/** Lays a reply's blocks out as a phone shows them. */
function phoneLayout(blocks: readonly Block[]): PhoneLayout {
  const texts: string[] = [];
  const lines: string[] = [];
  let firstStepLine: number | undefined;
  blocks.forEach((block, b) => {
    if (b > 0) lines.push('');
    const logical =
      block.kind === 'list'
        ? block.items.map(
            (item, i) => `${block.ordered ? `${i + 1}.` : '•'} ${plainInline(item, SELF_LABEL)}`,
          )
        : [plainInline(block.content, SELF_LABEL)];
    if (block.kind === 'list' && block.ordered && firstStepLine === undefined)
      firstStepLine = lines.length + 1;
    for (const line of logical) for (const part of line.split('\n')) lines.push(...wrap(part));
    texts.push(logical.join('\n'));
  });
  return { text: texts.join('\n\n'), lines, firstStepLine };
}

export interface PhoneFigures {
  readonly topic: string;
  readonly lang: Lang;
  readonly file: string;
  readonly chars: number;
  readonly lines: number;
  readonly firstStepLine: number | undefined;
}

function phoneFigures(content: Content, topicId: string, lang: Lang): PhoneFigures | undefined {
  const topic = content.topics.get(topicId);
  if (!topic) return undefined;
  const reply: Reply = composeTopic(content, topic, lang);
  const layout = phoneLayout(reply.blocks);
  return {
    topic: topicId,
    lang,
    file: topic.text[lang].file,
    chars: layout.text.length,
    lines: layout.lines.length,
    firstStepLine: layout.firstStepLine,
  };
}

export interface PhoneBudgetReport {
  readonly figures: readonly PhoneFigures[];
  /** "file: message" lines that fail the check. */
  readonly errors: readonly string[];
}

/** Measures PHONE_BUDGET_TOPICS in every language and says where they break the budget. */
export function checkPhoneBudget(content: Content): PhoneBudgetReport {
  const figures: PhoneFigures[] = [];
  const errors: string[] = [];
  for (const id of PHONE_BUDGET_TOPICS) {
    for (const lang of codesOf(content.languages)) {
      const f = phoneFigures(content, id, lang);
      if (!f) continue;
      figures.push(f);
      const problems: string[] = [];
      if (f.chars > PHONE_MAX_CHARS)
        problems.push(
          `phone budget: ${f.chars} characters as a Telegram user sees them (links as their text, footer included); at most ${PHONE_MAX_CHARS}: shorten by ${f.chars - PHONE_MAX_CHARS}`,
        );
      if (f.firstStepLine === undefined)
        problems.push('phone budget: no numbered steps found; step 1 must start within the first screen');
      else if (f.firstStepLine > PHONE_FIRST_STEP_LINE)
        problems.push(
          `phone budget: step 1 starts on line ${f.firstStepLine}; it must start by line ${PHONE_FIRST_STEP_LINE} (lines as on a phone: about ${PHONE_LINE_CHARS} characters each, title and blank lines count)`,
        );
      for (const p of problems) errors.push(`${f.file}: ${p}`);
    }
  }
  return { figures, errors };
}

/** One line per topic: "instagram: de 1523 chars, step 1 on line 7 · en …". */
export function formatPhoneFigures(figures: readonly PhoneFigures[]): string {
  const byTopic = new Map<string, PhoneFigures[]>();
  for (const f of figures) byTopic.set(f.topic, [...(byTopic.get(f.topic) ?? []), f]);
  const head = `phone budget (as Telegram shows it, links as text, footer included; at most ${PHONE_MAX_CHARS} characters, step 1 by line ${PHONE_FIRST_STEP_LINE} at ${PHONE_LINE_CHARS} characters per line):`;
  return [
    head,
    ...[...byTopic].map(
      ([topic, list]) =>
        `  ${topic}: ${list.map((f) => `${f.lang} ${f.chars} chars, ${f.lines} lines, step 1 on line ${f.firstStepLine ?? '–'}`).join(' · ')}`,
    ),
  ].join('\n');
}
