/**
 * Blocks → Telegram HTML messages of at most `limit` visible characters each (Telegram counts the text
 * after entity parsing, in UTF-16 code units: 4,096). Messages are cut between blocks first, then between
 * lines (list items), and only a single over-long line is cut inside, at a space where possible. Every piece
 * is rendered from runs, so tags stay balanced and no entity (&amp;) or surrogate pair is ever cut.
 */
import type { Block } from '../../src/message/model.js';
import { runsHtml, runsLength, sliceRuns, toRuns, type Run } from './html.js';

export const TELEGRAM_TEXT_LIMIT = 4096;

interface Line {
  readonly runs: readonly Run[];
  /** Separator before this line when it is not the first of a message: "\n\n" between blocks, "\n" inside. */
  readonly sep: string;
  readonly heading: boolean;
}

function blockLines(block: Block, self: string): Line[] {
  switch (block.kind) {
    case 'heading':
      return [
        { runs: toRuns([{ kind: 'bold', children: block.content }], self), sep: '\n\n', heading: true },
      ];
    case 'paragraph':
      return [{ runs: toRuns(block.content, self), sep: '\n\n', heading: false }];
    case 'list':
      return block.items.map((item, i) => ({
        runs: toRuns([{ kind: 'text', text: block.ordered ? `${i + 1}. ` : '• ' }, ...item], self),
        sep: i === 0 ? '\n\n' : '\n',
        heading: false,
      }));
  }
}

/** Where to cut `text` so that the first part has at most `max` characters: after a space if one is near. */
function cutPoint(text: string, max: number): { end: number; next: number } {
  if (text.length <= max) return { end: text.length, next: text.length };
  const window = text.slice(0, max + 1);
  const space = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\n'));
  if (space >= max / 2) return { end: space, next: space + 1 };
  // No space: cut at max, but never between the halves of a surrogate pair.
  const code = text.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff && max > 1 ? max - 1 : max;
  return { end, next: end };
}

/** Cuts one line into pieces: the first of at most `firstMax` visible characters, the others `max`. */
function cutLine(line: Line, firstMax: number, max: number): Line[] {
  const text = line.runs.map((r) => r.text).join('');
  const out: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const { end, next } = cutPoint(text.slice(start), start === 0 ? firstMax : max);
    const runs = sliceRuns(line.runs, start, start + end);
    if (runsLength(runs) > 0) out.push({ runs, sep: out.length ? '\n' : line.sep, heading: false });
    start += next;
  }
  return out;
}

/** Renders blocks as one or more HTML messages, each at most `limit` visible characters. */
export function splitBlocks(blocks: readonly Block[], self: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const lines = blocks.flatMap((b) => blockLines(b, self)).filter((l) => runsLength(l.runs) > 0);
  const messages: Line[][] = [];
  let current: Line[] = [];
  let length = 0;

  const flush = (final = false): void => {
    if (!current.length) return;
    // A heading at the end of a message belongs with the text that follows it.
    const last = current[current.length - 1]!;
    const carry = last.heading && current.length > 1 && !final ? current.pop() : undefined;
    messages.push(current);
    current = carry ? [carry] : [];
    length = carry ? runsLength(carry.runs) : 0;
  };
  const add = (line: Line): void => {
    length += (current.length ? line.sep.length : 0) + runsLength(line.runs);
    current.push(line);
  };

  for (const line of lines) {
    const size = runsLength(line.runs);
    if ((current.length ? length + line.sep.length : 0) + size <= limit) {
      add(line);
      continue;
    }
    flush();
    if ((current.length ? length + line.sep.length : 0) + size <= limit) {
      add(line);
      continue;
    }
    // Still too long: the line alone is over the limit (or does not fit after a carried heading).
    const room = limit - (current.length ? length + line.sep.length : 0);
    for (const piece of cutLine(line, room > limit / 4 ? room : limit, limit)) {
      if (current.length && length + piece.sep.length + runsLength(piece.runs) > limit) flush();
      add(piece);
    }
  }
  flush(true);
  return messages.map((msg) => msg.map((line, i) => (i ? line.sep : '') + runsHtml(line.runs)).join(''));
}
