/**
 * The command menus, one per language: set for each Telegram `language_code` the language registry maps to
 * that language, and the registry's `foreign` language as the default for everyone else. The entries are the
 * command menu of src/content/commands.ts (one command per topic, then the registered commands), the
 * same list /befehle shows on Matrix, so no prose and no command word lives here.
 */
import type { Api } from 'grammy';
import type { BotCommand, LanguageCode } from 'grammy/types';
import type { Content, Lang } from '../../src/content/types.js';
import { commandMenu } from '../../src/content/commands.js';
import type { Logger } from '../../src/ports/capabilities.js';
import { cleanText } from '../../src/render/sanitize.js';
import { apiSignal } from './context.js';
import { errorFields } from './log-fields.js';

const COMMAND = /^[a-z0-9_]{1,32}$/;
const MAX_COMMANDS = 100;

function description(value: string): string {
  const clean = cleanText(value).replace(/\s+/g, ' ').trim();
  return Array.from(clean).slice(0, 256).join('');
}

/** The engine's command menu for a language, within Telegram's rules for commands and descriptions. */
export function commandList(content: Content, lang: Lang): BotCommand[] {
  const out: BotCommand[] = [];
  for (const entry of commandMenu(content, lang)) {
    const desc = description(entry.description);
    if (COMMAND.test(entry.command) && desc) out.push({ command: entry.command, description: desc });
  }
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
