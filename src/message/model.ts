/**
 * The neutral message model. The engine answers with these values; each adapter renders them for its
 * platform (escaping, splitting, buttons). Nothing here knows a platform.
 */

export type Inline =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'bold'; readonly children: readonly Inline[] }
  | { readonly kind: 'italic'; readonly children: readonly Inline[] }
  | { readonly kind: 'link'; readonly href: string; readonly children: readonly Inline[] }
  /** Where to reach this bot: each adapter fills in its own address (t.me link, matrix.to link, ...). */
  | { readonly kind: 'self' };

export type Block =
  | { readonly kind: 'heading'; readonly content: readonly Inline[] }
  | { readonly kind: 'paragraph'; readonly content: readonly Inline[] }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: readonly (readonly Inline[])[] };

export type Button =
  /** Runs an engine action (encoded, at most 64 bytes: see actions.ts). */
  | { readonly kind: 'action'; readonly label: string; readonly action: string }
  | { readonly kind: 'url'; readonly label: string; readonly url: string }
  /** Asks the platform to share a topic with someone else; `text` is a plain fallback. */
  | {
      readonly kind: 'share';
      readonly label: string;
      readonly topic: string;
      readonly text: string;
      /** The topic's web page (when WEB_BASE_URL is set): what the share links to instead of the bot. */
      readonly url?: string;
    };

export interface Reply {
  readonly blocks: readonly Block[];
  /** Rows of buttons. */
  readonly buttons: readonly (readonly Button[])[];
  /** The topic this reply answers, if any (used for sharing and inline mode). */
  readonly topic?: string;
}

export const text = (value: string): Inline => ({ kind: 'text', text: value });
export const bold = (...children: Inline[]): Inline => ({ kind: 'bold', children });
export const italic = (...children: Inline[]): Inline => ({ kind: 'italic', children });
export const link = (href: string, ...children: Inline[]): Inline => ({ kind: 'link', href, children });
export const paragraph = (...content: Inline[]): Block => ({ kind: 'paragraph', content });
export const heading = (...content: Inline[]): Block => ({ kind: 'heading', content });

/** The plain text of inline content, without markup (used for lengths and fallbacks). */
export function plainInline(content: readonly Inline[], selfLabel = ''): string {
  let out = '';
  for (const node of content) {
    switch (node.kind) {
      case 'text':
        out += node.text;
        break;
      case 'self':
        out += selfLabel;
        break;
      default:
        out += plainInline(node.children, selfLabel);
    }
  }
  return out;
}
