/** Reading Telegram HTML back in tests: the visible text, and whether the tags are allowed and balanced. */

const TAG = /<(\/?)(b|i|a)(?: href="([^"]*)")?>/g;

export function visibleText(html: string): string {
  return html
    .replace(TAG, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** True if every tag is <b>, <i> or <a href="...">, properly nested and closed, and no raw "<" or ">" is left. */
export function wellFormed(html: string): boolean {
  const stack: string[] = [];
  let rest = '';
  let last = 0;
  for (const m of html.matchAll(TAG)) {
    rest += html.slice(last, m.index);
    last = m.index + m[0].length;
    const [, closing, name] = m;
    if (closing) {
      if (stack.pop() !== name) return false;
    } else {
      if (name === 'a' && m[3] === undefined) return false;
      stack.push(name!);
    }
  }
  rest += html.slice(last);
  return stack.length === 0 && !/[<>]/.test(rest) && !/&(?!amp;|lt;|gt;|quot;)/.test(rest);
}
