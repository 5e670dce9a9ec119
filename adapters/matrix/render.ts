/**
 * Renders a neutral Reply as Matrix m.notice events: HTML (org.matrix.custom.html) plus the same text as a
 * plain `body`, split under the event size limit. Buttons become numbered choices the user answers with a
 * number; share buttons become a line with the text to forward and a matrix.to link to the bot.
 */
import type { Button, Reply } from '../../src/message/model.js';
import { markRtlBlocks } from '../../src/render/bidi.js';
import { numberChoices } from '../../src/render/choices.js';
import { renderPlainBlocks } from '../../src/render/plain.js';
import { cleanText } from '../../src/render/sanitize.js';
import { blockHtml, escapeHtml, linkHtml, matrixToUser } from './html.js';
import { DEFAULT_MAX_CONTENT_BYTES, pack, type Piece } from './split.js';

export interface MatrixMessageContent {
  readonly msgtype: 'm.notice';
  readonly body: string;
  readonly format: 'org.matrix.custom.html';
  readonly formatted_body: string;
}

export interface MatrixRenderOptions {
  /** The bot's user id, for the "self" inline and share links. */
  readonly selfUserId: string;
  /** Shown under numbered choices, e.g. "Antworte mit einer Zahl, …" (content's `choose_number`). */
  readonly choiceHint?: string | undefined;
  readonly maxContentBytes?: number;
}

export interface MatrixRendering {
  readonly events: readonly MatrixMessageContent[];
  /** The numbered choices shown, in order: choice n is choices[n - 1]. */
  readonly choices: readonly Button[];
}

export function renderMatrix(reply: Reply, opts: MatrixRenderOptions): MatrixRendering {
  const selfLink = matrixToUser(opts.selfUserId);
  // Mostly right-to-left replies: an RLM where a block would start left to right (src/render/bidi.ts).
  const pieces: Piece[] = markRtlBlocks(reply.blocks).map((block) => ({
    html: blockHtml(block, opts.selfUserId),
    // Headings as a plain line: notifications show `body`, and shouting capitals read badly there.
    text: renderPlainBlocks(
      [block.kind === 'heading' ? { kind: 'paragraph', content: block.content } : block],
      { self: selfLink },
    ),
  }));
  pieces.push(...shareLines(reply, selfLink));
  const { choices, lines } = numberChoices(reply.buttons, (b) => cleanText(b.label));
  if (choices.length) pieces.push(choicesPiece(choices, lines[0] ?? '', opts.choiceHint));
  const events = pack(pieces, opts.maxContentBytes ?? DEFAULT_MAX_CONTENT_BYTES).map(
    (p): MatrixMessageContent => ({
      msgtype: 'm.notice',
      body: p.text,
      format: 'org.matrix.custom.html',
      formatted_body: p.html,
    }),
  );
  return { events, choices };
}

function shareLines(reply: Reply, selfLink: string): Piece[] {
  const shares = reply.buttons
    .flat()
    .filter((b): b is Extract<Button, { kind: 'share' }> => b.kind === 'share');
  // The topic's web page when there is one (WEB_BASE_URL): it opens for anyone, with or without Matrix.
  return shares.map((b) => {
    const target = b.url ?? selfLink;
    return {
      text: `${cleanText(b.label)}: ${cleanText(b.text)} ${target}`,
      html: `<p>${escapeHtml(b.label)}: <em>${escapeHtml(b.text)}</em> ${linkHtml(target, escapeHtml(target))}</p>`,
    };
  });
}

function choicesPiece(choices: readonly Button[], plainLine: string, hint: string | undefined): Piece {
  const items = choices.map((b, i) => {
    const label = `<strong>${i + 1}</strong> ${escapeHtml(b.label)}`;
    return b.kind === 'url' ? linkHtml(b.url, label) : label;
  });
  const hintText = hint ? cleanText(hint) : '';
  return {
    text: hintText ? `${plainLine}\n${hintText}` : plainLine,
    html: `<p>${items.join(' · ')}</p>${hintText ? `<p><em>${escapeHtml(hintText)}</em></p>` : ''}`,
  };
}
