/**
 * The command menu, per language: German for users whose Telegram is set to German, English for everyone
 * else. Built from content: one command per topic (in the menu's order) and the engine's own commands, with
 * descriptions taken from content texts, so no prose lives here.
 */
import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import { LANGS, type Content, type Lang } from '../../src/content/types.js';
import { uiBlocks, uiInline } from '../../src/engine/compose.js';
import { plainInline } from '../../src/message.js';
import type { Logger } from '../../src/ports.js';
import { cleanText } from '../../src/render/sanitize.js';
import { apiSignal } from './context.js';
import { errorFields } from './errors.js';

const COMMAND = /^[a-z0-9_]{1,32}$/;
const MAX_COMMANDS = 100;

/** The engine's commands in each language, and where their description comes from. */
const ENGINE_COMMANDS: Readonly<Record<Lang, readonly (readonly [string, (c: Content, l: Lang) => string])[]>> = {
  de: [['frist', deadline], ['quellen', sources], ['sprache', language], ['datenschutz', privacy]],
  en: [['deadline', deadline], ['sources', sources], ['language', language], ['privacy', privacy]],
};

function deadline(content: Content, lang: Lang): string {
  return plainInline(uiInline(content, lang, 'deadline_heading'));
}
function sources(content: Content, lang: Lang): string {
  return content.topics.get('sources')?.text[lang].title ?? plainInline(uiInline(content, lang, 'sources_label'));
}
function language(content: Content, lang: Lang): string {
  return plainInline(uiInline(content, lang, 'language_prompt'));
}
function privacy(content: Content, lang: Lang): string {
  const first = uiBlocks(content, lang, 'privacy')[0];
  return first && first.kind !== 'list' ? plainInline(first.content) : '';
}

/** Topics in menu order: start, the menu's buttons, then any others. */
function topicOrder(content: Content): string[] {
  const menu = content.topics.get('start')?.text.de.related ?? [];
  return [...new Set(['start', ...menu, ...[...content.topics.keys()].sort()])].filter((id) => content.topics.has(id));
}

function description(value: string): string {
  const clean = cleanText(value).replace(/\s+/g, ' ').trim();
  return Array.from(clean).slice(0, 256).join('');
}

export function commandList(content: Content, lang: Lang): BotCommand[] {
  const out: BotCommand[] = [];
  const add = (command: string | undefined, text: string): void => {
    const desc = description(text);
    if (command && COMMAND.test(command) && desc && !out.some((c) => c.command === command)) out.push({ command, description: desc });
  };
  for (const id of topicOrder(content)) {
    const topic = content.topics.get(id)!;
    // A command listed in one language works in all; prefer the one written for this language.
    const command = topic.text[lang].commands[0] ?? LANGS.map((l) => topic.text[l].commands[0]).find(Boolean);
    add(command, topic.text[lang].title);
  }
  for (const [command, describe] of ENGINE_COMMANDS[lang]) add(command, describe(content, lang));
  return out.slice(0, MAX_COMMANDS);
}

/** Publishes the menus. Failures are logged, never thrown: the bot works without a menu. */
export async function publishCommands(api: Api, content: Content, logger: Logger, signal?: AbortSignal): Promise<boolean> {
  const calls: [Lang, 'de' | undefined][] = [['en', undefined], ['de', 'de']];
  let ok = true;
  for (const [lang, code] of calls) {
    try {
      await api.setMyCommands(commandList(content, lang), code ? { language_code: code } : {}, apiSignal(signal));
    } catch (err) {
      ok = false;
      logger.warn({ err: errorFields(err), lang }, 'setMyCommands failed; the bot runs without this command menu');
    }
  }
  return ok;
}
