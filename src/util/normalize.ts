/**
 * Text normalisation for routing, for every script the content is written in: lower case (Turkish İ/ı fold
 * to i), German umlauts folded (ä→ae, ß→ss), other diacritics and combining marks stripped (ş→s, й→и, ї→і),
 * Arabic letters normalised (alef forms → ا, ة → ه, ى → ي, no tatweel or harakat), Arabic-Indic digits to
 * ASCII; anything that is not a letter or digit becomes a space.
 */

const FOLD: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', é: 'e', è: 'e', à: 'a', ç: 'c' };

/** Single letters mapped before marks are stripped (those NFKD does not decompose into base + mark). */
const LETTERS: Record<string, string> = {
  ı: 'i', // Turkish dotless i (its capital I lower-cases to i already; İ becomes i + combining dot)
  ٱ: 'ا', // alef wasla (أ إ آ decompose into ا + hamza/madda marks)
  ة: 'ه', // ta marbuta
  ى: 'ي', // alef maqsura
  ی: 'ي', // Farsi yeh, often typed for ي
  ک: 'ك', // keheh
};

/** At most this many characters of a message are looked at for routing. */
const MAX_ROUTING_CHARS = 500;

// eslint-disable-next-line no-control-regex
const ASCII = /^[\u0000-\u007f]*$/;

/** How umlauts fold: German style (ä→ae, the default) or bare (ä→a, as people type without them). */
export type UmlautFold = 'german' | 'bare';

export function normalize(value: string, umlauts: UmlautFold = 'german'): string {
  const head = value.length > MAX_ROUTING_CHARS ? value.slice(0, MAX_ROUTING_CHARS) : value;
  if (ASCII.test(head))
    return head
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  let s = head.toLowerCase().normalize('NFKC');
  if (umlauts === 'german') s = s.replace(/[äöüßéèàç]/g, (c) => FOLD[c] ?? c);
  else s = s.replace(/ß/g, 'ss');
  return s
    .replace(/[ıٱةىیک]/g, (c) => LETTERS[c] ?? c)
    .replace(/[\u0660-\u0669]/g, (c) => String(c.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (c) => String(c.charCodeAt(0) - 0x06f0))
    .normalize('NFKD')
    .replace(/[\p{M}\u0640]/gu, '') // combining marks (accents, harakat, hamza/madda above/below), tatweel
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Optimal string alignment distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const m = a.length;
  const n = b.length;
  let prevPrev = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prevPrev[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[n]!;
}

/** How many typos a word of this length may have and still match. */
export const typoBudget = (length: number): number => (length >= 8 ? 2 : length >= 5 ? 1 : 0);
