/**
 * The objection letter on the web: the page of the topic "brief" (/<lang>/brief/) shows the first letter
 * of content/letters.yaml below the explanation, /<lang>/brief/<id>/ each other one. The letter stays
 * German (lang="de", left to right, also on Arabic pages); printing the page prints the letter alone on
 * one A4 page (style.ts), without JavaScript. Nothing is filled in on the page: the blanks stay blanks.
 */
import { lettersOf, letterParagraphs, type Letter } from '../../content/letters.js';
import type { Content, Lang } from '../../content/types.js';
import { parseInline } from '../../content/markdown.js';
import { escapeHtml, inlineHtml } from './html.js';

/** The topic whose page carries the letters. */
const LETTER_TOPIC = 'brief';

export interface PageVariant {
  /** Path below the topic's folder: "" for the topic page, "whatsapp/" for a further letter. */
  readonly sub: string;
  readonly letter?: Letter | undefined;
}

/** The pages of a topic: one, or for the letter topic one per letter. */
export function topicVariants(content: Content, topicId: string): PageVariant[] {
  if (topicId !== LETTER_TOPIC) return [{ sub: '' }];
  const letters = lettersOf(content);
  if (!letters.length) return [{ sub: '' }];
  return letters.map((letter, i) => ({ sub: i === 0 ? '' : `${letter.id}/`, letter }));
}

/** The letter, its print hint and the links to the other letters' pages. */
export function letterSection(content: Content, lang: Lang, variant: PageVariant): string {
  const letter = variant.letter;
  if (!letter) return '';
  const ui = content.ui[lang];
  const text = letterParagraphs(letter)
    .map((lines) => `<p>${lines.map((l) => escapeHtml(l)).join('<br>')}</p>`)
    .join('\n');
  const toTopic = variant.sub ? '../' : './';
  const others = topicVariants(content, LETTER_TOPIC)
    .filter((v) => v.letter && v.letter.id !== letter.id)
    .map(
      (v) => `<li><a href="${escapeHtml(`${toTopic}${v.sub}`)}">${escapeHtml(v.letter!.services)}</a></li>`,
    )
    .join('');
  return [
    `<section class="letter" aria-labelledby="letter">`,
    `<h2 id="letter">${escapeHtml(ui.web_letter_heading)}: ${escapeHtml(letter.services)}</h2>`,
    `<p class="print-hint">${inlineHtml(parseInline(ui.web_letter_print), { selfHtml: '' })}</p>`,
    `<div class="letter-text" lang="de" dir="ltr">\n${text}\n</div>`,
    others
      ? `<nav class="letters" aria-labelledby="letters"><h3 id="letters">${escapeHtml(ui.web_letter_others)}</h3><ul>${others}</ul></nav>`
      : '',
    `</section>`,
  ].join('\n');
}
