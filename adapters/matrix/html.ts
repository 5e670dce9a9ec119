/**
 * The neutral message model as Matrix HTML, using only tags Matrix clients allow (strong, em, a, p, br,
 * ul/ol/li). Every text and attribute goes through cleanText and escaping; links other than http(s) keep
 * their label and lose the link.
 */
import type { Block, Inline } from '../../src/message/model.js';
import { cleanText } from '../../src/render/sanitize.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for element content and double-quoted attributes alike. */
export function escapeHtml(value: string): string {
  return cleanText(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Text with its line breaks kept. */
function textHtml(value: string): string {
  return escapeHtml(value).replace(/\r?\n/g, '<br>');
}

function safeHref(href: string): string | undefined {
  const clean = cleanText(href).trim();
  return /^https?:\/\/[^\s<>"']+$/i.test(clean) ? clean : undefined;
}

/** https://matrix.to/#/@bot:example.org — user ids keep their readable form, anything odd is encoded. */
export function matrixToUser(userId: string): string {
  return `https://matrix.to/#/${cleanText(userId).replace(/[^A-Za-z0-9@:._=\-/+[\]]/g, (c) => encodeURIComponent(c))}`;
}

export function linkHtml(href: string, labelHtml: string): string {
  const safe = safeHref(href);
  return safe ? `<a href="${escapeHtml(safe)}">${labelHtml}</a>` : labelHtml;
}

function inlineHtml(nodes: readonly Inline[], selfUserId: string): string {
  let out = '';
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out += textHtml(node.text);
        break;
      case 'bold':
        out += `<strong>${inlineHtml(node.children, selfUserId)}</strong>`;
        break;
      case 'italic':
        out += `<em>${inlineHtml(node.children, selfUserId)}</em>`;
        break;
      case 'link':
        out += linkHtml(node.href, inlineHtml(node.children, selfUserId));
        break;
      case 'self':
        out += linkHtml(matrixToUser(selfUserId), escapeHtml(selfUserId));
        break;
    }
  }
  return out;
}

/** Headings become a bold paragraph: h-tags render very large in most clients. */
export function blockHtml(block: Block, selfUserId: string): string {
  switch (block.kind) {
    case 'heading':
      return `<p><strong>${inlineHtml(block.content, selfUserId)}</strong></p>`;
    case 'paragraph':
      return `<p>${inlineHtml(block.content, selfUserId)}</p>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      return `<${tag}>${block.items.map((item) => `<li>${inlineHtml(item, selfUserId)}</li>`).join('')}</${tag}>`;
    }
  }
}
