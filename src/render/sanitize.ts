/**
 * Text clean-up shared by every renderer: removes control characters (terminal escapes, NUL, C1) and
 * unpaired surrogates, and keeps line breaks and tabs. Bidi embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) are removed too, so user text cannot reorder our output; the one exception
 * is a left-to-right isolate U+2066 closed by its U+2069 within the same text (what src/render/bidi.ts adds
 * around Latin runs in right-to-left messages): a closed isolate cannot reorder anything outside it.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2067\u2068]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(value: string): string {
  return pairedIsolatesOnly(value.replace(CONTROL, '').replace(LONE_SURROGATE, '\uFFFD'));
}

/** Keeps each U+2066 that a U+2069 closes (and that U+2069), unnested; drops every other U+2066 and U+2069. */
function pairedIsolatesOnly(value: string): string {
  if (!/[\u2066\u2069]/.test(value)) return value;
  let out = '';
  let open = -1;
  for (const ch of value) {
    if (ch === '\u2066') {
      if (open >= 0) out = out.slice(0, open) + out.slice(open + 1); // nested: keep the inner one
      open = out.length;
      out += ch;
    } else if (ch === '\u2069') {
      if (open >= 0) {
        out += ch;
        open = -1;
      }
    } else out += ch;
  }
  return open >= 0 ? out.slice(0, open) + out.slice(open + 1) : out;
}

/** A short, single-line excerpt of user input that is safe to quote back (after the renderer escapes it). */
export function excerpt(value: string, max = 40): string {
  const line = cleanText(value)
    .replace(/[\u2066\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(line);
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join('')}…`;
}
