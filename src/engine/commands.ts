/**
 * The command registry: the command words and menu entries are data (src/content/commands.ts); here each
 * command id gets its one handler, the built-in ones from the engine and the rest from feature modules
 * (reminders, privacy, admin). Routing, "is this a command?" (Matrix group rooms), Telegram's menus and the
 * /befehle list all come from here, so a word cannot be answered without being reserved, or the reverse.
 */
import {
  COMMANDS,
  commandMenu,
  commandWords,
  type CommandId,
  type CommandSpec,
} from '../content/commands.js';
import type { Content, Lang } from '../content/types.js';
import type { Reply } from '../message/model.js';
import { composeNotice, uiInline } from './compose.js';
import type { CommandHandler } from './turn.js';

export class CommandRegistry {
  private readonly byWord = new Map<string, CommandSpec>();
  private readonly handlers = new Map<string, CommandHandler>();

  constructor() {
    for (const spec of COMMANDS as readonly CommandSpec[])
      for (const word of commandWords(spec)) this.byWord.set(word, spec);
  }

  /** Binds the handler of one or more commands. A command has exactly one handler: binding twice throws. */
  bind(ids: CommandId | readonly CommandId[], handler: CommandHandler): void {
    for (const id of typeof ids === 'string' ? [ids] : ids) {
      if (!COMMANDS.some((c) => c.id === id)) throw new Error(`unknown command id "${id}"`);
      if (this.handlers.has(id)) throw new Error(`command "${id}" has a handler already`);
      this.handlers.set(id, handler);
    }
  }

  /** The handler for a command word (any language), if the word is registered and its handler bound. */
  handlerFor(word: string): CommandHandler | undefined {
    const spec = this.byWord.get(word);
    return spec && this.handlers.get(spec.id);
  }

  /** The handler bound to a command id (buttons reuse them: the language buttons run /sprache). */
  handler(id: CommandId): CommandHandler | undefined {
    return this.handlers.get(id);
  }

  /** Registered commands without a handler (the app refuses to start with any). */
  unhandled(): CommandId[] {
    return COMMANDS.map((c) => c.id).filter((id) => !this.handlers.has(id));
  }
}

/** The /befehle answer: the menu as a list, with the platform's command prefix. */
export function composeCommandList(content: Content, lang: Lang, prefix = '/'): Reply {
  const items = commandMenu(content, lang).map((e) => [
    { kind: 'text' as const, text: `${prefix}${e.command} – ${e.description}` },
  ]);
  return composeNotice(content, lang, [
    { kind: 'heading', content: uiInline(content, lang, 'commands_heading') },
    { kind: 'list', ordered: false, items },
  ]);
}
