/**
 * Text clean-up shared by every renderer: removes control characters (terminal escapes, NUL, C1) and
 * unpaired surrogates, and keeps line breaks and tabs. Bidi embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) are removed too, so user text cannot reorder our output.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(value: string): string {
  return value.replace(CONTROL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** A short, single-line excerpt of user input that is safe to quote back (after the renderer escapes it). */
export function excerpt(value: string, max = 40): string {
  const line = cleanText(value).replace(/\s+/g, ' ').trim();
  const chars = Array.from(line);
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join('')}…`;
}
