/**
 * The neutral message model as HTML. Everything is escaped; links survive only when their target is an
 * http(s) address, so raw HTML or a javascript: link in content can never reach a page.
 */
import type { Block, Inline } from '../../message/model.js';
import { cleanText } from '../sanitize.js';
import { isolateLtrRuns } from '../bidi.js';

export function escapeHtml(value: string): string {
  return cleanText(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The link target if it is a plain http(s) address, else undefined (the link is shown as text). */
function safeWebHref(href: string): string | undefined {
  const clean = cleanText(href).trim();
  return /^https?:\/\/[^\s"'<>`\\]+$/i.test(clean) ? clean : undefined;
}

export interface WebInlineOptions {
  /** HTML for the `self` inline (where to reach the bot); empty when no bot address is configured. */
  readonly selfHtml: string;
  /** A right-to-left page: Latin runs of the text are isolated (src/render/bidi.ts), so "/instagram" keeps its slash on the left. */
  readonly rtl?: boolean;
}

export function inlineHtml(nodes: readonly Inline[], opts: WebInlineOptions): string {
  let out = '';
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out += escapeHtml(opts.rtl ? isolateLtrRuns(node.text) : node.text);
        break;
      case 'bold':
        out += `<strong>${inlineHtml(node.children, opts)}</strong>`;
        break;
      case 'italic':
        out += `<em>${inlineHtml(node.children, opts)}</em>`;
        break;
      case 'link': {
        const label = inlineHtml(node.children, opts);
        const href = safeWebHref(node.href);
        out += href ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${label}</a>` : label;
        break;
      }
      case 'self':
        out += opts.selfHtml;
        break;
    }
  }
  return out;
}

/** Blocks as HTML; content headings are <h2> (the page title is the only <h1>). */
export function blocksHtml(blocks: readonly Block[], opts: WebInlineOptions, headingLevel = 2): string {
  return blocks
    .map((block) => {
      switch (block.kind) {
        case 'heading':
          return `<h${headingLevel}>${inlineHtml(block.content, opts)}</h${headingLevel}>`;
        case 'paragraph':
          return `<p>${inlineHtml(block.content, opts)}</p>`;
        case 'list': {
          const tag = block.ordered ? 'ol' : 'ul';
          const items = block.items.map((item) => `<li>${inlineHtml(item, opts)}</li>`).join('');
          return `<${tag}>${items}</${tag}>`;
        }
      }
    })
    .join('\n');
}
