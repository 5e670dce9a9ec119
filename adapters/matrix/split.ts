/**
 * Packs rendered pieces (one per block) into as few Matrix events as fit a byte budget, splitting at block
 * boundaries. A piece that alone is too big (a huge list or paragraph) is cut into plain-text chunks.
 * The budget counts the serialized content, so escaping and multi-byte characters are included; at the
 * default 24 KiB, an event stays well under Matrix's 64 KiB limit even after encryption (+33 % base64).
 */
import { escapeHtml } from './html.js';

export interface Piece {
  readonly html: string;
  readonly text: string;
}

export interface Packed {
  readonly html: string;
  readonly text: string;
}

export const DEFAULT_MAX_CONTENT_BYTES = 24 * 1024;
/** msgtype, format and JSON punctuation around body and formatted_body. */
const ENVELOPE_BYTES = 120;

function contentBytes(html: string, text: string): number {
  return Buffer.byteLength(JSON.stringify(text)) + Buffer.byteLength(JSON.stringify(html)) + ENVELOPE_BYTES;
}

export function pack(pieces: readonly Piece[], maxBytes = DEFAULT_MAX_CONTENT_BYTES): Packed[] {
  const out: Packed[] = [];
  let html = '';
  let text = '';
  const flush = (): void => {
    if (html || text) out.push({ html, text });
    html = '';
    text = '';
  };
  for (const piece of pieces.flatMap((p) => fit(p, maxBytes))) {
    const nextText = text ? `${text}\n\n${piece.text}` : piece.text;
    if ((html || text) && contentBytes(html + piece.html, nextText) > maxBytes) {
      flush();
      html = piece.html;
      text = piece.text;
    } else {
      html += piece.html;
      text = nextText;
    }
  }
  flush();
  return out;
}

/** The piece itself if it fits, else plain-text chunks of it that do. */
function fit(piece: Piece, maxBytes: number): Piece[] {
  if (contentBytes(piece.html, piece.text) <= maxBytes) return [piece];
  // Escaping can grow text up to 6x (&quot;) and UTF-8 up to 4 bytes per char: size chunks for the worst case.
  const budget = Math.max(64, Math.floor((maxBytes - ENVELOPE_BYTES) / 12));
  const chars = Array.from(piece.text);
  const chunks: Piece[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = Math.min(chars.length, start + budget);
    if (end < chars.length) {
      const space = chars.lastIndexOf(' ', end);
      const newline = chars.lastIndexOf('\n', end);
      const cut = Math.max(space, newline);
      if (cut > start + budget / 2) end = cut + 1;
    }
    const chunk = chars.slice(start, end).join('').trim();
    if (chunk) chunks.push({ text: chunk, html: `<p>${escapeHtml(chunk).replace(/\n/g, '<br>')}</p>` });
    start = end;
  }
  return chunks;
}
