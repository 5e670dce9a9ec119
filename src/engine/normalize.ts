/** Text normalisation for routing: lower case, umlauts folded (ä→ae, ß→ss), punctuation to spaces. */

const FOLD: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', é: 'e', è: 'e', à: 'a', ç: 'c' };

/** At most this many characters of a message are looked at for routing. */
const MAX_ROUTING_CHARS = 500;

// eslint-disable-next-line no-control-regex
const ASCII = /^[\u0000-\u007f]*$/;

export function normalize(value: string): string {
  const head = value.length > MAX_ROUTING_CHARS ? value.slice(0, MAX_ROUTING_CHARS) : value;
  if (ASCII.test(head))
    return head
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return head
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[äöüßéèàç]/g, (c) => FOLD[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
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
