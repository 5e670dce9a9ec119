/**
 * The command menus, one per language: set for each Telegram `language_code` the language registry maps to
 * that language, and the registry's `foreign` language as the default for everyone else. Built from content
 * (one command per topic, in the menu's order) and the engine's command registry (src/content/commands.ts),
 * with descriptions taken from content texts, so no prose and no command word lives here.
 */
import type { Api } from 'grammy';
import type { BotCommand, LanguageCode } from 'grammy/types';
import { menuCommands } from '../../src/content/commands.js';
import { codesOf } from '../../src/content/languages.js';
import type { Content, Lang } from '../../src/content/types.js';
import type { Logger } from '../../src/ports/capabilities.js';
import { cleanText } from '../../src/render/sanitize.js';
import { apiSignal } from './context.js';
import { errorFields } from './errors.js';

const COMMAND = /^[a-z0-9_]{1,32}$/;
const MAX_COMMANDS = 100;

/** Topics in menu order: start, the menu's buttons, then any others. */
function topicOrder(content: Content): string[] {
  const menu = content.topics.get('start')?.text[content.languages.default].related ?? [];
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
    const command =
      topic.text[lang].commands[0] ??
      codesOf(content.languages)
        .map((l) => topic.text[l].commands[0])
        .find(Boolean);
    add(command, topic.text[lang].title);
  }
  for (const [command, key] of menuCommands(lang, content.languages)) add(command, content.ui[lang][key]);
  return out.slice(0, MAX_COMMANDS);
}

/** Publishes the menus. Failures are logged, never thrown: the bot works without a menu. */
export async function publishCommands(
  api: Api,
  content: Content,
  logger: Logger,
  signal?: AbortSignal,
): Promise<boolean> {
  const calls = menuScopes(content);
  let ok = true;
  for (const [lang, code] of calls) {
    try {
      await api.setMyCommands(
        commandList(content, lang),
        code ? { language_code: code as LanguageCode } : {},
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

/**
 * Which menu goes to which `language_code`: the default menu (no code) in the registry's `foreign` language,
 * then each automatic language under each of its hints, unless that menu is the default one anyway.
 */
export function menuScopes(content: Content): [Lang, string | undefined][] {
  const { languages } = content;
  const out: [Lang, string | undefined][] = [[languages.foreign, undefined]];
  for (const l of languages.list) {
    if (!l.automatic || l.code === languages.foreign) continue;
    for (const hint of l.hints) if (/^[a-z]{2}$/.test(hint)) out.push([l.code as Lang, hint]);
  }
  return out;
}
