/**
 * Expected texts for adapter tests, taken from the content the bot runs on (never copied wording, so
 * content edits do not break protocol tests): interface strings as a reader sees them, and topic titles,
 * buttons and command words.
 */
import type { Lang, UiKey } from '../../../src/content/types.js';
import { uiPlain } from '../../helpers/content.js';
import { escapeText } from '../../../adapters/telegram/html.js';
import { testContent } from './harness.js';

/** An interface string (content/ui.*.yaml) as plain visible text, Markdown removed, {placeholders} filled. */
export const uiText = (lang: Lang, key: UiKey, values: Record<string, string> = {}): string =>
  uiPlain(testContent(), lang, key, values);

/** The raw interface string, for places that show it without Markdown parsing (callback answers). */
export const uiRaw = (lang: Lang, key: UiKey): string => testContent().ui[lang][key];

export function topicText(id: string, lang: Lang = 'de') {
  const topic = testContent().topics.get(id);
  if (!topic) throw new Error(`test content has no topic "${id}"`);
  return topic.text[lang];
}

/** The HTML a topic answer starts with: its title in bold. */
export const boldTitle = (id: string, lang: Lang = 'de'): string =>
  `<b>${escapeText(topicText(id, lang).title)}</b>`;

/** A topic's command word in `lang`: the first one written for that language, else the German one. */
export const commandWord = (id: string, lang: Lang = 'de'): string | undefined =>
  topicText(id, lang).commands[0] ?? topicText(id, 'de').commands[0];
