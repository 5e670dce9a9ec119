/**
 * Right-to-left text in chat messages. Telegram (and most chat clients) lay each paragraph out by its first
 * strong directional character. An Arabic paragraph that starts with a Latin word ("Google Gemini: …",
 * "Meta AI، …", a step starting with a quoted German label „Einstellungen“) would be laid out left to right.
 * So in a message that is mostly right-to-left, each such block gets a U+200F RIGHT-TO-LEFT MARK in front;
 * blocks that already start right-to-left, and left-to-right messages, stay as they are.
 */
import { plainInline, type Block, type Inline } from '../message/model.js';

export const RLM = '\u200f';

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

const marked = (content: readonly Inline[]): readonly Inline[] =>
  firstStrong(plainInline(content)) === 'ltr' ? [{ kind: 'text', text: RLM }, ...content] : content;

/** The blocks with an RLM before each block or list item that would otherwise start left to right (see above). */
export function markRtlBlocks(blocks: readonly Block[]): readonly Block[] {
  if (!isMostlyRtl(blocks)) return blocks;
  return blocks.map((b) =>
    b.kind === 'list' ? { ...b, items: b.items.map(marked) } : { ...b, content: marked(b.content) },
  );
}
