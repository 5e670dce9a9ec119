/**
 * The bot's own commands, as data: their words per language and whether (and with which description) they
 * show in menus. The engine binds a handler to each id (src/engine/commands.ts) and refuses to start with one
 * missing; the content loader reserves every word (topics may not claim them); Telegram's command menus and
 * the /befehle list are built from the `menu` entries. Content topics add their own command words on top.
 *
 * Words are ASCII `a-z0-9_` (Telegram allows nothing else). A word works in every language; the first word
 * of a language is the one its menu shows. A language without words of its own uses its registry fallback's.
 */
import { codesOf, languageSpec, REGISTRY, type Lang, type Languages } from './languages.js';
import type { Content, UiKey } from './types.js';

export interface CommandSpec {
  readonly id: string;
  readonly words: Readonly<Partial<Record<Lang, readonly string[]>>>;
  /** The ui key of its description; set = shown in command menus. */
  readonly menu?: UiKey;
  /**
   * A shortcut that switches the conversation to this language (/einfach → plain German, which no platform
   * hint ever picks). Bound generically (src/engine/builtins.ts); left out of menus where it is not served.
   */
  readonly language?: Lang;
}

/** Menu order = this order (after the topics). */
export const COMMANDS = [
  { id: 'deadline', words: { de: ['frist'], en: ['deadline'] }, menu: 'cmd_deadline' },
  { id: 'remind', words: { de: ['erinnern', 'abo'], en: ['remind', 'subscribe'] }, menu: 'cmd_remind' },
  { id: 'stop', words: { de: ['stopp'], en: ['stop', 'unsubscribe'] }, menu: 'cmd_stop' },
  { id: 'status', words: { de: ['status'], en: ['status'] }, menu: 'cmd_status' },
  { id: 'sources', words: { de: ['quellen'], en: ['sources'] }, menu: 'cmd_sources' },
  { id: 'language', words: { de: ['sprache'], en: ['language', 'lang'] }, menu: 'cmd_language' },
  // German words only: plain German is for people who read some German; an English "/plain" would promise
  // plain English, which does not exist. The word works in every language (all commands do).
  { id: 'plain', words: { de: ['einfach'] }, menu: 'cmd_plain', language: 'de-simple' },
  // The objection letter (src/engine/letter.ts): /brief alone gives the first letter of content/letters.yaml.
  { id: 'letter', words: { de: ['brief'], en: ['letter'] }, menu: 'cmd_letter' },
  { id: 'privacy', words: { de: ['datenschutz'], en: ['privacy'] }, menu: 'cmd_privacy' },
  { id: 'mydata', words: { de: ['meinedaten'], en: ['mydata'] }, menu: 'cmd_mydata' },
  { id: 'forget', words: { de: ['vergessen'], en: ['forget'] }, menu: 'cmd_forget' },
  { id: 'commands', words: { de: ['befehle'], en: ['commands'] }, menu: 'cmd_commands' },
  { id: 'timezone', words: { de: ['zeitzone'], en: ['timezone'] } },
  { id: 'stats', words: { de: ['stats'] } },
  { id: 'broadcast', words: { de: ['broadcast'] } },
  { id: 'reload', words: { de: ['reload'] } },
] as const satisfies readonly CommandSpec[];

export type CommandId = (typeof COMMANDS)[number]['id'];

/** Every word of every command, in any language. */
export function commandWords(spec: CommandSpec): string[] {
  return [...new Set(Object.values(spec.words).flat())];
}

/** Words topics may not claim: every word of every command. ("start" belongs to the start topic.) */
export const RESERVED_COMMANDS: readonly string[] = COMMANDS.flatMap((c) => commandWords(c));

/** The words of a command in a language: its own, else its fallback's, else the default language's. */
export function wordsIn(spec: CommandSpec, lang: Lang, languages: Languages = REGISTRY): readonly string[] {
  const seen = new Set<string>();
  for (let code: string | undefined = lang; code && !seen.has(code); code = languageSpec(code, languages)?.fallback) {
    seen.add(code);
    const own = spec.words[code as Lang];
    if (own?.length) return own;
  }
  return spec.words[languages.default] ?? Object.values(spec.words).find((w) => w?.length) ?? [];
}

/** The menu entries of a language, in order: [word, description key]. */
export function menuCommands(lang: Lang, languages: Languages = REGISTRY): (readonly [string, UiKey])[] {
  const out: (readonly [string, UiKey])[] = [];
  for (const spec of COMMANDS as readonly CommandSpec[]) {
    const word = wordsIn(spec, lang, languages)[0];
    if (spec.language && !languages.list.some((l) => l.code === spec.language)) continue;
    if (spec.menu && word) out.push([word, spec.menu]);
  }
  return out;
}

export interface MenuEntry {
  /** The command word, without "/". */
  readonly command: string;
  readonly description: string;
}

/** Topics in menu order: start, the menu's buttons, then any others. */
function topicOrder(content: Content): string[] {
  const menu = content.topics.get('start')?.text[content.languages.default].related ?? [];
  return [...new Set(['start', ...menu, ...[...content.topics.keys()].sort()])].filter((id) =>
    content.topics.has(id),
  );
}

/**
 * The command menu of a language: one command per topic (its title as the description), then the registered
 * commands shown in menus (their ui description). Telegram publishes it; /befehle shows it everywhere (src/engine/commands.ts).
 */
export function commandMenu(content: Content, lang: Lang): MenuEntry[] {
  const out: MenuEntry[] = [];
  const add = (command: string | undefined, description: string): void => {
    if (command && !out.some((c) => c.command === command)) out.push({ command, description });
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
  return out;
}

