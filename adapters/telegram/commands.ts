/**
 * The command menu, per language: German for users whose Telegram is set to German, English for everyone
 * else. Built from content: one command per topic (in the menu's order) and the engine's own commands, with
 * descriptions taken from content texts, so no prose lives here.
 */
import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import { LANGS, type Content, type Lang, type UiKey } from '../../src/content/types.js';
import type { Logger } from '../../src/ports/capabilities.js';
import { cleanText } from '../../src/render/sanitize.js';
import { apiSignal } from './context.js';
import { errorFields } from './log-fields.js';

const COMMAND = /^[a-z0-9_]{1,32}$/;
const MAX_COMMANDS = 100;

/** The engine's and the features' commands in each language, with the UI key of their description. */
const ENGINE_COMMANDS: Readonly<Record<Lang, readonly (readonly [string, UiKey])[]>> = {
  de: [
    ['frist', 'cmd_deadline'],
    ['erinnern', 'cmd_remind'],
    ['stopp', 'cmd_stop'],
    ['status', 'cmd_status'],
    ['quellen', 'cmd_sources'],
    ['sprache', 'cmd_language'],
    ['datenschutz', 'cmd_privacy'],
    ['meinedaten', 'cmd_mydata'],
    ['vergessen', 'cmd_forget'],
  ],
  en: [
    ['deadline', 'cmd_deadline'],
    ['remind', 'cmd_remind'],
    ['stop', 'cmd_stop'],
    ['status', 'cmd_status'],
    ['sources', 'cmd_sources'],
    ['language', 'cmd_language'],
    ['privacy', 'cmd_privacy'],
    ['mydata', 'cmd_mydata'],
    ['forget', 'cmd_forget'],
  ],
};

/** Topics in menu order: start, the menu's buttons, then any others. */
function topicOrder(content: Content): string[] {
  const menu = content.topics.get('start')?.text.de.related ?? [];
  return [...new Set(['start', ...menu, ...[...content.topics.keys()].sort()])].filter((id) =>
    content.topics.has(id),
  );
}

function description(value: string): string {
  const clean = cleanText(value).replace(/\s+/g, ' ').trim();
  return Array.from(clean).slice(0, 256).join('');
}

export function commandList(content: Content, lang: Lang): BotCommand[] {
  const out: BotCommand[] = [];
  const add = (command: string | undefined, text: string): void => {
    const desc = description(text);
    if (command && COMMAND.test(command) && desc && !out.some((c) => c.command === command))
      out.push({ command, description: desc });
  };
  for (const id of topicOrder(content)) {
    const topic = content.topics.get(id)!;
    // A command listed in one language works in all; prefer the one written for this language.
    const command = topic.text[lang].commands[0] ?? LANGS.map((l) => topic.text[l].commands[0]).find(Boolean);
    add(command, topic.text[lang].title);
  }
  for (const [command, key] of ENGINE_COMMANDS[lang]) add(command, content.ui[lang][key]);
  return out.slice(0, MAX_COMMANDS);
}

/** Publishes the menus. Failures are logged, never thrown: the bot works without a menu. */
export async function publishCommands(
  api: Api,
  content: Content,
  logger: Logger,
  signal?: AbortSignal,
): Promise<boolean> {
  const calls: [Lang, 'de' | undefined][] = [
    ['en', undefined],
    ['de', 'de'],
  ];
  let ok = true;
  for (const [lang, code] of calls) {
    try {
      await api.setMyCommands(
        commandList(content, lang),
        code ? { language_code: code } : {},
        apiSignal(signal),
      );
    } catch (err) {
      ok = false;
      logger.warn(
        { err: errorFields(err), lang },
        'setMyCommands failed; the bot runs without this command menu',
      );
    }
  }
  return ok;
}
