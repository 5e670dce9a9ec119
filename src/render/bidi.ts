/**
 * Right-to-left text in chat messages and web pages.
 *
 * Paragraph direction: Telegram (and most chat clients) lay each paragraph out by its first strong
 * directional character. An Arabic paragraph that starts with a Latin word ("Google Gemini: …", "Meta AI، …",
 * a command "/rechte: …") would be laid out left to right. So in a message that is mostly right-to-left,
 * each such block gets a U+200F RIGHT-TO-LEFT MARK in front; blocks that already start right-to-left, and
 * left-to-right messages, stay as they are.
 *
 * Latin runs inside right-to-left text: "/", "!", "?", quotes and spaces have no direction of their own
 * (UAX #9, rules W6, N1, N2). Between an Arabic and a Latin word they take the paragraph's direction, so
 * "/reset-ai" shows as "reset-ai/" and „…Meta?“ as “?…Meta„. Every Latin run (a command with its "/" or "!",
 * an "@mention", a URL, Latin words with the punctuation between them, a German quote with its marks and a
 * trailing "?" or "!") is therefore wrapped in U+2066 LEFT-TO-RIGHT ISOLATE … U+2069 POP DIRECTIONAL ISOLATE:
 * it is laid out left to right inside, and counts as one neutral character outside. A colon or full stop
 * after a run stays outside: it belongs to the Arabic sentence. A command glued to an Arabic letter
 * ("و/facebook") gets a space in between: Telegram makes "/facebook" a tappable command only when no letter
 * precedes the "/" (TDLib's match_bot_commands), and the isolate controls (format characters, not letters)
 * do not get in the way.
 */
import { plainInline, type Block, type Inline } from '../message/model.js';

export const RLM = '\u200f';
export const LRM = '\u200e';
export const LRI = '\u2066';
export const PDI = '\u2069';

const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;
const STRONG = /[\p{L}\u200e\u200f]/gu;

/** The direction of a text's first strong character, or undefined if it has none. */
export function firstStrong(text: string): 'ltr' | 'rtl' | undefined {
  const m = /[\p{L}\u200e\u200f]/u.exec(text)?.[0];
  if (!m) return undefined;
  return m === RLM || RTL_LETTER.test(m) ? 'rtl' : 'ltr';
}

/** Whether most letters of the blocks are right-to-left ones. */
function isMostlyRtl(blocks: readonly Block[]): boolean {
  let rtl = 0;
  let all = 0;
  for (const line of blockTexts(blocks))
    for (const c of line.match(STRONG) ?? []) {
      all++;
      if (RTL_LETTER.test(c)) rtl++;
    }
  return rtl * 2 > all;
}

function blockTexts(blocks: readonly Block[]): string[] {
  return blocks.flatMap((b) =>
    b.kind === 'list' ? b.items.map((i) => plainInline(i)) : [plainInline(b.content)],
  );
}

/** A Latin letter or a digit: what a left-to-right run starts and ends with. */
const L = '[\\p{Script=Latin}\\p{Nd}]';
/** What may stand between them inside one run: spaces and the punctuation of URLs, names and commands. */
const INNER = "[\\p{Script=Latin}\\p{Nd} _\\-/.,:&'’+=%#@~]";
/**
 * One left-to-right run: an optional opening quote of a left-to-right language („ “ "), an optional sigil
 * (/ ! @ #), Latin letters or digits with the punctuation between them, an optional trailing ? or !, and an
 * optional closing quote (“ ” "). A run without a Latin letter (a bare number) is left alone.
 */
const LTR_RUN = new RegExp(`[„“"]?[/!@#]?${L}(?:${INNER}*${L})?[?!]?[“”"]?`, 'gu');
const HAS_LATIN = /\p{Script=Latin}/u;
/** A command sigil glued to a right-to-left letter (or the Arabic tatweel) before it. */
const GLUED = /([\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc])([/!](?=[A-Za-z0-9_]))/gu;

/**
 * The text with every left-to-right run wrapped in LRI … PDI, and a space between a right-to-left letter and
 * a command glued to it. A trailing ":" or "." of a run (a URL's last character may not be one) stays outside.
 */
export function isolateLtrRuns(text: string): string {
  return text.replace(GLUED, '$1 $2').replace(LTR_RUN, (run) => {
    if (!HAS_LATIN.test(run)) return run;
    const tail = /[.:,]+$/u.exec(run)?.[0] ?? '';
    const body = tail ? run.slice(0, -tail.length) : run;
    return `${LRI}${body}${PDI}${tail}`;
  });
}

/** The same with U+200E LEFT-TO-RIGHT MARKs instead, for clients that ignore isolates: before a sigil, after a trailing ? or !. */
export function markLtrRuns(text: string): string {
  return text.replace(GLUED, '$1 $2').replace(LTR_RUN, (run) => {
    if (!HAS_LATIN.test(run)) return run;
    return `${LRM}${run}${/[?!“”"]$/u.test(run) ? LRM : ''}`;
  });
}

function isolateInline(node: Inline): Inline {
  switch (node.kind) {
    case 'text':
      return { kind: 'text', text: isolateLtrRuns(node.text) };
    case 'self':
      return node;
    default:
      return { ...node, children: node.children.map(isolateInline) };
  }
}

/** The blocks with every left-to-right run of their text isolated (link targets are not touched). */
function isolateBlocks(blocks: readonly Block[]): readonly Block[] {
  return blocks.map((b) =>
    b.kind === 'list'
      ? { ...b, items: b.items.map((item) => item.map(isolateInline)) }
      : { ...b, content: b.content.map(isolateInline) },
  );
}

const marked = (content: readonly Inline[]): readonly Inline[] =>
  firstStrong(plainInline(content)) === 'ltr' ? [{ kind: 'text', text: RLM }, ...content] : content;

/**
 * For a mostly right-to-left message: every left-to-right run isolated, and an RLM before each block or list
 * item that would otherwise start left to right (a client without isolates still sees a strong R first).
 * Left-to-right messages are returned as they are.
 */
export function markRtlBlocks(blocks: readonly Block[]): readonly Block[] {
  if (!isMostlyRtl(blocks)) return blocks;
  return isolateBlocks(blocks).map((b) =>
    b.kind === 'list' ? { ...b, items: b.items.map(marked) } : { ...b, content: marked(b.content) },
  );
}
