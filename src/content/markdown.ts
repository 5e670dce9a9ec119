/**
 * Parses the small Markdown subset used in content/ into the neutral message model:
 * paragraphs, "## " headings, "- " and "1. " lists, **bold**, _italic_ and [text](https://url).
 * Anything else is text. Errors are thrown as MarkupError with a line number, so the content
 * loader can name file, field and line.
 */
import type { Block, Inline } from '../message/model.js';

export class MarkupError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'MarkupError';
  }
}

const LINK_TARGET = /^https?:\/\/[^\s()<>]+$/;

export function parseInline(source: string, line = 1): Inline[] {
  const out: Inline[] = [];
  let buffer = '';
  const flush = (): void => {
    if (buffer) out.push({ kind: 'text', text: buffer });
    buffer = '';
  };
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '\\' && i + 1 < source.length && '*_[]()\\'.includes(source[i + 1]!)) {
      buffer += source[i + 1];
      i += 2;
      continue;
    }
    if (ch === '*' && source[i + 1] === '*') {
      const end = source.indexOf('**', i + 2);
      if (end < 0) throw new MarkupError('"**" (bold) is opened but never closed', line);
      flush();
      out.push({ kind: 'bold', children: parseInline(source.slice(i + 2, end), line) });
      i = end + 2;
      continue;
    }
    if (ch === '_' && isWordBoundary(source, i - 1)) {
      const end = findClosingUnderscore(source, i + 1);
      if (end > i + 1) {
        flush();
        out.push({ kind: 'italic', children: parseInline(source.slice(i + 1, end), line) });
        i = end + 1;
        continue;
      }
    }
    if (ch === '[') {
      const close = source.indexOf(']', i + 1);
      if (close < 0) throw new MarkupError('"[" starts a link but "]" is missing', line);
      if (source[close + 1] !== '(') {
        throw new MarkupError(`link "[${source.slice(i + 1, close)}]" has no "(https://...)" after it`, line);
      }
      const end = source.indexOf(')', close + 2);
      if (end < 0)
        throw new MarkupError(`link "[${source.slice(i + 1, close)}]" is missing its closing ")"`, line);
      const href = source.slice(close + 2, end).trim();
      if (!LINK_TARGET.test(href)) {
        throw new MarkupError(`link target "${href}" must be a full http:// or https:// address`, line);
      }
      flush();
      out.push({ kind: 'link', href, children: parseInline(source.slice(i + 1, close), line) });
      i = end + 1;
      continue;
    }
    buffer += ch;
    i += 1;
  }
  flush();
  return out;
}

function isWordBoundary(source: string, index: number): boolean {
  return index < 0 || !/[\p{L}\p{N}]/u.test(source[index]!);
}

function findClosingUnderscore(source: string, from: number): number {
  for (let j = from; j < source.length; j++) {
    if (source[j] === '_' && (j + 1 >= source.length || !/[\p{L}\p{N}]/u.test(source[j + 1]!))) return j;
  }
  return -1;
}

const RAW_HTML = /<\/?[a-zA-Z][^>]*>/;

/** Parses a Markdown body into blocks. `firstLine` is the body's line number in its file. */
export function parseBlocks(source: string, firstLine = 1): Block[] {
  const blocks: Block[] = [];
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let para: string[] = [];
  let paraLine = firstLine;
  let list: { ordered: boolean; items: Inline[][] } | undefined;

  const endParagraph = (): void => {
    if (para.length) blocks.push({ kind: 'paragraph', content: parseInline(para.join(' '), paraLine) });
    para = [];
  };
  const endList = (): void => {
    if (list) blocks.push({ kind: 'list', ordered: list.ordered, items: list.items });
    list = undefined;
  };

  lines.forEach((raw, index) => {
    const lineNo = firstLine + index;
    const line = raw.trim();
    const html = RAW_HTML.exec(line);
    if (html)
      throw new MarkupError(
        `raw HTML "${html[0]}" is not allowed; use **bold**, _italic_ or [text](url)`,
        lineNo,
      );
    if (line === '') {
      endParagraph();
      endList();
      return;
    }
    const headingMatch = /^#{1,6}\s+(.*)$/.exec(line);
    const bullet = /^[-*]\s+(.*)$/.exec(line);
    const numbered = /^\d{1,3}[.)]\s+(.*)$/.exec(line);
    if (headingMatch) {
      endParagraph();
      endList();
      blocks.push({ kind: 'heading', content: parseInline(headingMatch[1]!, lineNo) });
    } else if (bullet || numbered) {
      endParagraph();
      const ordered = Boolean(numbered);
      if (list && list.ordered !== ordered) endList();
      list ??= { ordered, items: [] };
      list.items.push(parseInline((bullet ?? numbered)![1]!, lineNo));
    } else if (list && /^\s{2,}/.test(raw)) {
      // An indented line continues the previous list item.
      const last = list.items[list.items.length - 1]!;
      last.push({ kind: 'text', text: ' ' }, ...parseInline(line, lineNo));
    } else {
      endList();
      if (!para.length) paraLine = lineNo;
      para.push(line);
    }
  });
  endParagraph();
  endList();
  return blocks;
}
