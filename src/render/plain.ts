/**
 * Plain-text renderer (terminal). The Telegram and Matrix renderers follow the same shape: blocks in,
 * escaped platform text out. Escaping here means removing control characters, so neither content nor user
 * input can move the cursor, change colours or reorder the output.
 */
import type { Block, Button, Inline, Reply } from '../message/model.js';
import { numberChoices } from './choices.js';
import { cleanText } from './sanitize.js';

export interface PlainOptions {
  /** How this bot is reached, shown where an answer says so (e.g. "npm start" in the terminal). */
  readonly self: string;
  /** Wrap bold text in ANSI bold (only for a real terminal). */
  readonly ansi?: boolean;
}

function inline(nodes: readonly Inline[], opts: PlainOptions): string {
  let out = '';
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out += cleanText(node.text);
        break;
      case 'bold': {
        const inner = inline(node.children, opts);
        out += opts.ansi ? `\u001b[1m${inner}\u001b[22m` : inner;
        break;
      }
      case 'italic':
        out += inline(node.children, opts);
        break;
      case 'link': {
        const label = inline(node.children, opts);
        const href = cleanText(node.href);
        out += label === href ? href : `${label} <${href}>`;
        break;
      }
      case 'self':
        out += cleanText(opts.self);
        break;
    }
  }
  return out;
}

export function renderPlainBlocks(blocks: readonly Block[], opts: PlainOptions): string {
  return blocks
    .map((block) => {
      switch (block.kind) {
        case 'heading': {
          const title = inline(block.content, opts);
          return opts.ansi ? `\u001b[1m${title}\u001b[22m` : title;
        }
        case 'paragraph':
          return inline(block.content, opts);
        case 'list':
          return block.items
            .map((item, i) => `${block.ordered ? `${i + 1}.` : '•'} ${inline(item, opts)}`)
            .join('\n');
      }
    })
    .join('\n\n');
}

export interface PlainRendering {
  readonly text: string;
  /** The numbered choices shown, in order: choice n is choices[n - 1]. */
  readonly choices: readonly Button[];
}

export function renderPlain(reply: Reply, opts: PlainOptions): PlainRendering {
  const { lines, choices } = numberChoices(reply.buttons, (b) => cleanText(b.label));
  const body = renderPlainBlocks(reply.blocks, opts);
  return { text: lines.length ? `${body}\n\n${lines.join('\n')}` : body, choices };
}
