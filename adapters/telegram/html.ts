/**
 * Inline content as Telegram HTML. The neutral inline tree is flattened into runs (text plus the marks
 * around it), so that a long line can be cut anywhere between characters and each piece still renders to
 * balanced tags. Only the tags Telegram allows are produced: <b>, <i>, <a href>.
 */
import type { Inline } from '../../src/message/model.js';
import { cleanText } from '../../src/render/sanitize.js';

export interface Run {
  readonly text: string;
  readonly bold: boolean;
  readonly italic: boolean;
  readonly href?: string | undefined;
}

interface Marks {
  readonly bold: boolean;
  readonly italic: boolean;
  readonly href?: string | undefined;
}

const PLAIN: Marks = { bold: false, italic: false };

export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

/** Only web and Telegram links become <a>; anything else is shown as its text. */
export function safeHref(href: string): string | undefined {
  const clean = cleanText(href).trim();
  return /^(https?|tg):\/\/[^\s]+$/i.test(clean) ? clean : undefined;
}

/** Flattens inline content into runs. `self` is where this bot is reached (its t.me link). */
export function toRuns(nodes: readonly Inline[], self: string, marks: Marks = PLAIN): Run[] {
  const out: Run[] = [];
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        push(out, { ...marks, text: cleanText(node.text) });
        break;
      case 'self':
        push(out, { ...marks, href: marks.href ?? self, text: self });
        break;
      case 'bold':
        for (const run of toRuns(node.children, self, { ...marks, bold: true })) push(out, run);
        break;
      case 'italic':
        for (const run of toRuns(node.children, self, { ...marks, italic: true })) push(out, run);
        break;
      case 'link': {
        const href = marks.href ?? safeHref(node.href);
        const inner = toRuns(node.children, self, { ...marks, href });
        // A link without a label would vanish: show its address instead.
        if (inner.every((r) => !r.text.trim())) push(out, { ...marks, href, text: cleanText(node.href) });
        else for (const run of inner) push(out, run);
        break;
      }
    }
  }
  return out;
}

function sameMarks(a: Run, b: Run): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.href === b.href;
}

/** Appends a run, merging it into the previous one when the marks are the same. */
function push(out: Run[], run: Run): void {
  if (!run.text) return;
  const last = out[out.length - 1];
  if (last && sameMarks(last, run)) out[out.length - 1] = { ...last, text: last.text + run.text };
  else out.push(run);
}

export function runsLength(runs: readonly Run[]): number {
  let n = 0;
  for (const run of runs) n += run.text.length;
  return n;
}

/** Tags from outermost to innermost; a run's open tags are always a prefix-ordered subset of these. */
type Tag = { readonly open: string; readonly close: string; readonly key: string };

function tagsOf(run: Run | undefined): Tag[] {
  if (!run) return [];
  const tags: Tag[] = [];
  if (run.bold) tags.push({ open: '<b>', close: '</b>', key: 'b' });
  if (run.italic) tags.push({ open: '<i>', close: '</i>', key: 'i' });
  if (run.href !== undefined)
    tags.push({ open: `<a href="${escapeAttribute(run.href)}">`, close: '</a>', key: `a${run.href}` });
  return tags;
}

/** Renders runs, keeping a tag open across runs that share it (bold around a link stays one <b>). */
export function runsHtml(runs: readonly Run[]): string {
  let html = '';
  let open: Tag[] = [];
  for (const run of [...runs, undefined]) {
    const next = tagsOf(run);
    let keep = 0;
    while (keep < open.length && keep < next.length && open[keep]!.key === next[keep]!.key) keep++;
    for (let i = open.length - 1; i >= keep; i--) html += open[i]!.close;
    for (let i = keep; i < next.length; i++) html += next[i]!.open;
    open = next;
    if (run) html += escapeText(run.text);
  }
  return html;
}

/** The runs covering characters [start, end) of their concatenated text. */
export function sliceRuns(runs: readonly Run[], start: number, end: number): Run[] {
  const out: Run[] = [];
  let offset = 0;
  for (const run of runs) {
    const from = Math.max(start - offset, 0);
    const to = Math.min(end - offset, run.text.length);
    if (from < to) out.push({ ...run, text: run.text.slice(from, to) });
    offset += run.text.length;
    if (offset >= end) break;
  }
  return out;
}
