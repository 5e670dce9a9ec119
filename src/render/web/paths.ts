/**
 * Where each page of the web guide lives. The menu of a language is /<lang>/, a topic /<lang>/<topic>/;
 * the start topic is the menu itself. Links between pages are relative, so the folder works under any
 * path of any host.
 */
import type { Lang } from '../../content/types.js';

/** The topic that is the menu of a language: its page is /<lang>/. */
export const MENU_TOPIC = 'start';

/** The folder of a topic's page, relative to the site root, with a trailing slash ("de/instagram/"). */
export function topicDir(lang: Lang, topicId: string): string {
  return topicId === MENU_TOPIC ? `${lang}/` : `${lang}/${topicId}/`;
}

/** The folder of a language's deadlines page ("de/fristen/"): what /frist says, with the calendar feed. */
export function deadlinesDir(lang: Lang): string {
  return `${lang}/fristen/`;
}

/** The absolute address of a topic's page in one language (base without a trailing slash). */
export function topicUrl(baseUrl: string, lang: Lang, topicId: string): string {
  return `${baseUrl}/${topicDir(lang, topicId)}`;
}

/** A relative link from one page folder to another ("../whatsapp/" from "de/instagram/"). */
export function relativeLink(fromDir: string, toDir: string): string {
  const from = fromDir.split('/').filter(Boolean);
  const to = toDir.split('/').filter(Boolean);
  let common = 0;
  while (common < from.length && common < to.length && from[common] === to[common]) common++;
  const path =
    '../'.repeat(from.length - common) +
    to
      .slice(common)
      .map((p) => `${p}/`)
      .join('');
  return path || './';
}
